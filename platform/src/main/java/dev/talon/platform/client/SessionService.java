package dev.talon.platform.client;

import dev.talon.platform.tenant.TenantConfig;
import dev.talon.platform.workflow.AgentSessionWorkflow;
import dev.talon.platform.workflow.LlmFailures;
import dev.talon.platform.workflow.SessionMessage;
import dev.talon.platform.workflow.SessionState;
import dev.talon.platform.workflow.SessionStatus;
import dev.talon.platform.workflow.TurnResult;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.BatchRequest;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Talks to session workflows: a message either waits for its reply (update-with-start: the reply comes back
 * in the same call, no polling race) or is queued (signal-with-start). Either way the workflow is started
 * when it is not running.
 */
public final class SessionService {

    private static final ExecutorService CALLS = Executors.newVirtualThreadPerTaskExecutor();

    private final TemporalConnection temporal;

    public SessionService(TemporalConnection temporal) {
        this.temporal = temporal;
    }

    /**
     * Sends the message and waits up to {@code wait} for its reply.
     *
     * @throws TurnIdConflictException when the session knows the message's turn id as another turn's
     */
    public TurnStatus sendAndWait(TenantConfig tenant, String session, SessionMessage message, Duration wait) {
        AgentSessionWorkflow workflow = startingStub(tenant, session);
        WithStartWorkflowOperation<Void> start = new WithStartWorkflowOperation<>(workflow::run, fresh(tenant, session));
        UpdateOptions<TurnResult> options = UpdateOptions.<TurnResult>newBuilder().setUpdateId(updateId(message))
                .setWaitForStage(WorkflowUpdateStage.COMPLETED).build();
        // the update call blocks until the reply; waiting on it from here lets the API answer 202 in time
        CompletableFuture<TurnResult> reply = CompletableFuture.supplyAsync(
                () -> WorkflowClient.executeUpdateWithStart(workflow::send, message, options, start), CALLS);
        try {
            return new TurnStatus.Completed(message.turnId(), reply.get(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return new TurnStatus.Running(message.turnId());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WorkflowUpdateException update && turnIdTaken(update)) {
                throw new TurnIdConflictException(message.turnId());
            }
            if (e.getCause() instanceof WorkflowUpdateException update && rejectedByValidator(update)) {
                throw new SessionRejectedException(reason(update));
            }
            return new TurnStatus.Failed(message.turnId(), "turn_failed", reason(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TurnStatus.Running(message.turnId());
        }
    }

    /**
     * Temporal answers a repeated update id with the first update's outcome: the id holds the text's digest too, so
     * a resent message gets its own reply and another message under the same turn id reaches the validator.
     */
    private static String updateId(SessionMessage message) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(message.text().getBytes(StandardCharsets.UTF_8));
            return message.turnId() + "/" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Whether the session refused the message, or failed it, because its turn id names another turn. */
    private static boolean turnIdTaken(WorkflowUpdateException update) {
        for (Throwable cause = update.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ApplicationFailure failure && (AgentSessionWorkflow.TURN_ID_TAKEN.equals(failure.getType())
                    || failure.getOriginalMessage().startsWith(AgentSessionWorkflow.TURN_ID_TAKEN + ":"))) {
                return true;
            }
        }
        return false;
    }

    /** A turn failure is typed TurnFailed; anything else the session refused before queueing the message. */
    private static boolean rejectedByValidator(WorkflowUpdateException update) {
        return !(update.getCause() instanceof ApplicationFailure failure
                && LlmFailures.TURN_FAILED.equals(failure.getType()));
    }

    /** Queues the message without waiting. */
    public void send(TenantConfig tenant, String session, SessionMessage message) {
        WorkflowClient client = temporal.client(tenant.namespace());
        AgentSessionWorkflow workflow = startingStub(tenant, session);
        BatchRequest request = client.newSignalWithStartRequest();
        request.add(workflow::run, fresh(tenant, session));
        request.add(workflow::message, message);
        client.signalWithStart(request);
    }

    /** The running session workflow's status, or empty when none runs. */
    public Optional<SessionStatus> status(TenantConfig tenant, String session) {
        try {
            return Optional.of(runningStub(tenant, session).status());
        } catch (WorkflowNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Asks the session workflow to finish what is queued and end; false when none runs. */
    public boolean end(TenantConfig tenant, String session) {
        try {
            runningStub(tenant, session).end();
            return true;
        } catch (WorkflowNotFoundException e) {
            return false;
        }
    }

    /** The id of the session's workflow in the tenant's namespace. */
    public String workflowId(TenantConfig tenant, String session) {
        return TurnIds.sessionWorkflowId(tenant.id(), session);
    }

    private AgentSessionWorkflow startingStub(TenantConfig tenant, String session) {
        return temporal.client(tenant.namespace()).newWorkflowStub(AgentSessionWorkflow.class, WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId(tenant, session))
                .setTaskQueue(tenant.taskQueue())
                .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                .build());
    }

    private AgentSessionWorkflow runningStub(TenantConfig tenant, String session) {
        return temporal.client(tenant.namespace()).newWorkflowStub(AgentSessionWorkflow.class,
                workflowId(tenant, session));
    }

    private static SessionState fresh(TenantConfig tenant, String session) {
        return SessionState.fresh(tenant.id(), session, tenant.limits().sessionIdleSeconds(),
                tenant.limits().turnsPerSessionRun());
    }

    private static String reason(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && !(cause instanceof ApplicationFailure)) {
            cause = cause.getCause();
        }
        return cause instanceof TemporalFailure temporal ? temporal.getOriginalMessage() : String.valueOf(cause.getMessage());
    }
}
