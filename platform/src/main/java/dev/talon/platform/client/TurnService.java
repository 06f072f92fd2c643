package dev.talon.platform.client;

import dev.talon.platform.budget.BudgetExhaustedException;
import dev.talon.platform.budget.Budgets;
import dev.talon.platform.tenant.TenantConfig;
import dev.talon.platform.workflow.AgentTurnWorkflow;
import dev.talon.platform.workflow.ApprovalDecision;
import dev.talon.platform.workflow.ApprovalFailures;
import dev.talon.platform.workflow.PendingApproval;
import dev.talon.platform.workflow.SubagentView;
import dev.talon.platform.workflow.TurnRequest;
import dev.talon.platform.workflow.TurnResult;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.history.v1.History;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowQueryException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.metadata.POJOWorkflowInterfaceMetadata;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TerminatedFailure;
import io.temporal.failure.TimeoutFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts turns and reports on them. A turn id is an idempotency key: submitting the same request again attaches
 * to the turn already started (running or finished) instead of running the agent twice; submitting another
 * session or message under that id is a {@link TurnIdConflictException}. It owns the turns' workflow ids and
 * admission: how many turns a tenant may run at once, whichever route starts them.
 */
public final class TurnService {

    /** How long a decision waits for the turn's worker to take or refuse it. */
    private static final Duration DECISION_WAIT = Duration.ofSeconds(30);
    private static final ExecutorService CALLS = Executors.newVirtualThreadPerTaskExecutor();
    /** The turn workflow's type, as its interface declares it. */
    private static final String TURN_TYPE = POJOWorkflowInterfaceMetadata.newInstance(AgentTurnWorkflow.class)
            .getWorkflowType().orElseThrow();

    private final TemporalConnection temporal;
    private final Budgets budgets;
    /** Turns started by this process, by tenant: the fallback count where Temporal cannot count. */
    private final Map<String, Set<String>> startedHere = new ConcurrentHashMap<>();

    public TurnService(TemporalConnection temporal, Budgets budgets) {
        this.temporal = temporal;
        this.budgets = budgets;
    }

    /** The id of the turn's workflow in the tenant's namespace. */
    public String workflowId(TenantConfig tenant, String turnId) {
        return TurnIds.workflowId(tenant.id(), turnId);
    }

    /**
     * Admits one more turn of the tenant (by either route: a session's turns count too), or refuses it when the
     * tenant already runs as many as its limits allow, or has used up a budget.
     *
     * @throws TurnLimitException when the tenant runs {@code limits.maxConcurrentTurns} turns already
     * @throws BudgetExhaustedException when the tenant's usage reached one of its budgets
     */
    public void admit(TenantConfig tenant) {
        budgets.admit(tenant);
        int limit = tenant.limits().maxConcurrentTurns();
        if (running(tenant) >= limit) {
            throw new TurnLimitException(tenant.id(), limit);
        }
    }

    /**
     * Starts the turn, or finds it if this request was already submitted.
     *
     * @throws TurnIdConflictException when the turn id already names a turn for another session or message
     */
    public void start(TenantConfig tenant, TurnRequest request) {
        WorkflowClient client = temporal.client(tenant.namespace());
        AgentTurnWorkflow workflow = client.newWorkflowStub(AgentTurnWorkflow.class, WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId(tenant, request.turnId()))
                .setTaskQueue(tenant.taskQueue())
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .build());
        try {
            WorkflowClient.start(workflow::run, request);
            startedHere.computeIfAbsent(tenant.id(), id -> ConcurrentHashMap.newKeySet()).add(request.turnId());
        } catch (WorkflowExecutionAlreadyStarted alreadyThere) {
            alreadySubmitted(tenant, request); // the same request again: the first submission is the turn
        }
    }

    /**
     * Whether a turn with this request's id exists, started (by either route) for the same session and message.
     *
     * @throws TurnIdConflictException when the id names a turn for another session or message
     */
    public boolean alreadySubmitted(TenantConfig tenant, TurnRequest request) {
        Optional<TurnRequest> existing = startedWith(tenant, request.turnId());
        if (existing.isEmpty()) {
            return false;
        }
        if (!existing.get().session().equals(request.session()) || !existing.get().message().equals(request.message())) {
            throw new TurnIdConflictException(request.turnId());
        }
        return true;
    }

    /** The request a turn was started with (the input in its first history event), or empty when there is no turn. */
    private Optional<TurnRequest> startedWith(TenantConfig tenant, String turnId) {
        WorkflowClient client = temporal.client(tenant.namespace());
        History history;
        try {
            history = temporal.service(tenant.namespace()).blockingStub().getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest
                    .newBuilder().setNamespace(tenant.namespace())
                    .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId(tenant, turnId)))
                    .setMaximumPageSize(1).build()).getHistory();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
        if (history.getEventsCount() == 0 || !history.getEvents(0).hasWorkflowExecutionStartedEventAttributes()) {
            return Optional.empty();
        }
        Payloads input = history.getEvents(0).getWorkflowExecutionStartedEventAttributes().getInput();
        return Optional.ofNullable(client.getOptions().getDataConverter()
                .fromPayloads(0, Optional.of(input), TurnRequest.class, TurnRequest.class));
    }

    /** Waits up to {@code wait} for the turn to end. */
    public TurnStatus await(TenantConfig tenant, String turnId, Duration wait) {
        WorkflowStub stub = stub(tenant, turnId);
        try {
            TurnResult result = stub.getResult(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS, TurnResult.class);
            return new TurnStatus.Completed(turnId, result);
        } catch (TimeoutException e) {
            return new TurnStatus.Running(turnId);
        } catch (WorkflowFailedException e) {
            return failed(turnId, e);
        } catch (WorkflowNotFoundException e) {
            return new TurnStatus.NotFound(turnId);
        } catch (RuntimeException e) {
            // "Workflow is busy" under load: the turn is started and runs; the caller polls instead of a 500
            if (resourceExhausted(e)) {
                return new TurnStatus.Running(turnId);
            }
            throw e;
        }
    }

    private static boolean resourceExhausted(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StatusRuntimeException status
                    && status.getStatus().getCode() == io.grpc.Status.Code.RESOURCE_EXHAUSTED) {
                return true;
            }
        }
        return false;
    }

    /** The turn's state now, without waiting. */
    public TurnStatus status(TenantConfig tenant, String turnId) {
        WorkflowStub stub = stub(tenant, turnId);
        WorkflowExecutionStatus status;
        try {
            status = stub.describe().getStatus();
        } catch (WorkflowNotFoundException e) {
            return new TurnStatus.NotFound(turnId);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return new TurnStatus.NotFound(turnId);
            }
            throw e;
        }
        if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
            return new TurnStatus.Running(turnId);
        }
        return await(tenant, turnId, Duration.ofSeconds(5));
    }

    /**
     * How many of the tenant's turns run now: from Temporal's visibility store, so every replica's turns count;
     * where the server cannot count (the in-memory test server), the turns this process started and that still run.
     */
    public long running(TenantConfig tenant) {
        try {
            return temporal.client(tenant.namespace()).countWorkflows("WorkflowType = '" + TURN_TYPE + "' AND "
                    + "ExecutionStatus = 'Running' AND WorkflowId STARTS_WITH '" + TurnIds.turnPrefix(tenant.id()) + "'")
                    .getCount();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
                throw e;
            }
            Set<String> mine = startedHere.computeIfAbsent(tenant.id(), id -> ConcurrentHashMap.newKeySet());
            mine.removeIf(turnId -> !(status(tenant, turnId) instanceof TurnStatus.Running));
            return mine.size();
        }
    }

    /** Requests cancellation; false when there is no such turn. A finished turn stays as it ended. */
    public boolean cancel(TenantConfig tenant, String turnId) {
        try {
            stub(tenant, turnId).cancel();
            return true;
        } catch (WorkflowNotFoundException e) {
            return false;
        }
    }

    /** The turn's tool calls waiting for approval; empty when none (or the turn is not running). */
    public List<PendingApproval> pendingApprovals(TenantConfig tenant, String turnId) {
        try {
            return temporal.client(tenant.namespace())
                    .newWorkflowStub(AgentTurnWorkflow.class, workflowId(tenant, turnId)).pendingApprovals();
        } catch (WorkflowNotFoundException | WorkflowQueryException e) {
            return List.of();
        }
    }

    /**
     * The subagents the turn started ({@code subagents} query, answered by the tenant's worker, also after the turn
     * ended); empty when there is no such turn.
     *
     * @throws CompletionException when no worker answered in time
     */
    public Optional<List<SubagentView>> subagents(TenantConfig tenant, String turnId) {
        if (status(tenant, turnId) instanceof TurnStatus.NotFound) {
            return Optional.empty();
        }
        AgentTurnWorkflow turn = temporal.client(tenant.namespace())
                .newWorkflowStub(AgentTurnWorkflow.class, workflowId(tenant, turnId));
        CompletableFuture<List<SubagentView>> answer = CompletableFuture.supplyAsync(turn::subagents, CALLS);
        try {
            return Optional.of(answer.get(DECISION_WAIT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException | ExecutionException e) {
            answer.cancel(true);
            throw new CompletionException("the turn's worker did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException("interrupted", e);
        }
    }

    /**
     * Hands a human's decision to the turn (the {@code decide} update): the turn's validator refuses an id no call
     * waits under and a call decided before, so the caller learns at once whether its decision counts.
     */
    public ApprovalOutcome decide(TenantConfig tenant, String turnId, ApprovalDecision decision) {
        AgentTurnWorkflow turn = temporal.client(tenant.namespace())
                .newWorkflowStub(AgentTurnWorkflow.class, workflowId(tenant, turnId));
        // the update waits for the turn's worker; waiting on it from here bounds that wait
        CompletableFuture<PendingApproval> taken = CompletableFuture.supplyAsync(() -> turn.decide(decision), CALLS);
        try {
            return new ApprovalOutcome.Taken(taken.get(DECISION_WAIT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return new ApprovalOutcome.NotDelivered("the turn's worker did not answer within "
                    + DECISION_WAIT.toSeconds() + " seconds; the decision may still be taken: check the turn");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ApprovalOutcome.NotDelivered("interrupted while delivering the decision; check the turn");
        } catch (ExecutionException e) {
            return refused(tenant, turnId, e.getCause());
        }
    }

    private ApprovalOutcome refused(TenantConfig tenant, String turnId, Throwable failure) {
        if (failure instanceof WorkflowUpdateException update && update.getCause() instanceof ApplicationFailure why) {
            if (ApprovalFailures.UNKNOWN.equals(why.getType())) {
                return new ApprovalOutcome.UnknownApproval(why.getOriginalMessage());
            }
            if (ApprovalFailures.ALREADY_DECIDED.equals(why.getType())) {
                return new ApprovalOutcome.AlreadyDecided(why.getOriginalMessage());
            }
        }
        // an update to a turn that is gone or has ended fails without a validator's verdict
        return switch (status(tenant, turnId)) {
            case TurnStatus.NotFound n -> new ApprovalOutcome.TurnNotFound();
            // e.g. a worker from before the decide update, during a rollout; its text is Temporal's, not for clients
            case TurnStatus.Running r -> new ApprovalOutcome.NotDelivered("the turn's worker could not take the "
                    + "decision now; try again shortly");
            default -> new ApprovalOutcome.TurnEnded();
        };
    }

    private WorkflowStub stub(TenantConfig tenant, String turnId) {
        return temporal.client(tenant.namespace()).newUntypedWorkflowStub(workflowId(tenant, turnId));
    }

    private static TurnStatus failed(String turnId, WorkflowFailedException e) {
        Throwable cause = e.getCause();
        return switch (cause) {
            case CanceledFailure c -> new TurnStatus.Failed(turnId, "cancelled", "the turn was cancelled");
            case TerminatedFailure t -> new TurnStatus.Failed(turnId, "terminated", "the turn was terminated: "
                    + t.getOriginalMessage());
            case TimeoutFailure t -> new TurnStatus.Failed(turnId, "timed_out", "the turn timed out");
            case ApplicationFailure a -> new TurnStatus.Failed(turnId, "turn_failed", a.getOriginalMessage());
            case TemporalFailure t -> new TurnStatus.Failed(turnId, "turn_failed", t.getOriginalMessage());
            case null, default -> new TurnStatus.Failed(turnId, "turn_failed", String.valueOf(e.getMessage()));
        };
    }
}
