package dev.talon.platform.schedule;

import dev.talon.platform.client.TemporalConnection;
import dev.talon.platform.tenant.Heartbeat;
import dev.talon.platform.tenant.TenantConfig;
import dev.talon.platform.workflow.AgentTurnWorkflow;
import dev.talon.platform.workflow.TurnRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.client.schedules.ScheduleUpdate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tenant's schedules, kept by Temporal in the tenant's namespace (so they survive restarts of everything and show
 * in the Temporal UI as Schedules). A firing starts one {@link AgentTurnWorkflow} in the job's session; overlap
 * policy SKIP, so a job never runs two turns at once. The cron tool (from an activity) and the REST API share this
 * one store; every id is under the tenant's prefix ({@link ScheduleIds}), and a schedule whose turn request names
 * another tenant is not the tenant's.
 */
public final class TenantSchedules {

    private static final Duration CATCHUP = Duration.ofMinutes(5);
    private static final Duration CATCHUP_ONCE = Duration.ofHours(1);
    private static final int RECENT_TURNS = 5;

    private final TemporalConnection temporal;
    private final Map<String, ScheduleClient> clients = new ConcurrentHashMap<>();

    public TenantSchedules(TemporalConnection temporal) {
        this.temporal = temporal;
    }

    /**
     * Creates the job.
     *
     * @throws JobRefusedException TOO_MANY at the tenant's {@code schedules.maxJobs} (a soft limit: Temporal's list
     *                             lags a little), EXISTS when the id is taken, INVALID when Temporal refuses the timing
     */
    public JobView add(TenantConfig tenant, Job job) {
        int max = tenant.schedules().maxJobs();
        if (jobIds(tenant).size() >= max) {
            throw new JobRefusedException(JobRefusedException.Reason.TOO_MANY, "tenant '" + tenant.id() + "' has "
                    + max + " schedules, as many as it may have; remove one first");
        }
        try {
            client(tenant).createSchedule(ScheduleIds.job(tenant.id(), job.id()), schedule(tenant, job, false),
                    ScheduleOptions.newBuilder().build());
        } catch (ScheduleAlreadyRunningException e) {
            throw new JobRefusedException(JobRefusedException.Reason.EXISTS, "job_id '" + job.id()
                    + "' is taken; pick another or update that job");
        } catch (RuntimeException e) {
            throw refusedTiming(e);
        }
        return find(tenant, job.id()).orElseThrow(() -> notFound(job.id()));
    }

    /** The tenant's jobs, by id. */
    public List<JobView> list(TenantConfig tenant) {
        return jobIds(tenant).stream().sorted().map(id -> find(tenant, id)).flatMap(Optional::stream).toList();
    }

    public Optional<JobView> find(TenantConfig tenant, String jobId) {
        return describe(tenant, jobId).map(description -> view(jobId, description));
    }

    /** Replaces the job's message, timing or both; a paused job stays paused. */
    public JobView update(TenantConfig tenant, String jobId, JobRequest change, JobRules rules, java.time.Instant now) {
        ScheduleDescription description = describe(tenant, jobId).orElseThrow(() -> notFound(jobId));
        Job changed = rules.change(job(jobId, description), change, now);
        boolean paused = description.getSchedule().getState().isPaused();
        try {
            handle(tenant, jobId).update(input -> new ScheduleUpdate(schedule(tenant, changed, paused)));
        } catch (RuntimeException e) {
            throw refusedTiming(e);
        }
        return find(tenant, jobId).orElseThrow(() -> notFound(jobId));
    }

    /** @return false when there is no such job */
    public boolean remove(TenantConfig tenant, String jobId) {
        if (describe(tenant, jobId).isEmpty()) {
            return false;
        }
        return gone(() -> handle(tenant, jobId).delete());
    }

    public boolean pause(TenantConfig tenant, String jobId) {
        return describe(tenant, jobId).map(d -> gone(() -> handle(tenant, jobId)
                .pause(d.getSchedule().getState().getNote()))).orElse(false);
    }

    public boolean resume(TenantConfig tenant, String jobId) {
        return describe(tenant, jobId).map(d -> gone(() -> handle(tenant, jobId)
                .unpause(d.getSchedule().getState().getNote()))).orElse(false);
    }

    /** Fires the job now (skipped, as any firing, while its previous turn still runs). */
    public boolean trigger(TenantConfig tenant, String jobId) {
        return describe(tenant, jobId).map(d -> gone(() -> handle(tenant, jobId).trigger())).orElse(false);
    }

    /** Removes every schedule of the tenant: its jobs and its heartbeat (a deleted tenant's go with it). */
    public void removeAll(TenantConfig tenant) {
        for (String jobId : jobIds(tenant)) {
            remove(tenant, jobId);
        }
        removeHeartbeat(tenant);
    }

    /** Makes the heartbeat schedule what the tenant's config says: created, updated, or removed when off. */
    public void applyHeartbeat(TenantConfig tenant) {
        Heartbeat heartbeat = tenant.heartbeat();
        if (!heartbeat.enabled()) {
            removeHeartbeat(tenant);
            return;
        }
        Schedule schedule = Schedule.newBuilder()
                .setAction(turn(tenant, new TurnRequest(tenant.id(), heartbeat.session(), null, HeartbeatPrompt.REQUEST,
                        TurnRequest.HEARTBEAT), ScheduleIds.heartbeatTurns(tenant.id())))
                .setSpec(ScheduleSpec.newBuilder().setIntervals(List.of(new ScheduleIntervalSpec(
                        Duration.ofMinutes(heartbeat.everyMinutes())))).build())
                .setPolicy(policy(CATCHUP))
                .setState(ScheduleState.newBuilder().setNote("heartbeat every " + heartbeat.everyMinutes() + " min")
                        .build())
                .build();
        try {
            client(tenant).createSchedule(ScheduleIds.heartbeat(tenant.id()), schedule,
                    ScheduleOptions.newBuilder().build());
        } catch (ScheduleAlreadyRunningException e) {
            client(tenant).getHandle(ScheduleIds.heartbeat(tenant.id())).update(input -> new ScheduleUpdate(schedule));
        }
    }

    /**
     * Points every job at the tenant's task queue as it is now (a firing on a queue no worker polls would wait
     * forever); jobs already on it are left alone. Schedules stay in the namespace they were made in.
     */
    public void retarget(TenantConfig tenant) {
        for (String jobId : jobIds(tenant)) {
            Optional<ScheduleDescription> found = describe(tenant, jobId);
            if (found.isEmpty() || !(found.get().getSchedule().getAction() instanceof ScheduleActionStartWorkflow start)
                    || tenant.taskQueue().equals(start.getOptions().getTaskQueue())) {
                continue;
            }
            Job job = job(jobId, found.get());
            if (job.timing() != null) {
                boolean paused = found.get().getSchedule().getState().isPaused();
                gone(() -> handle(tenant, jobId).update(input -> new ScheduleUpdate(schedule(tenant, job, paused))));
            }
        }
    }

    /** The heartbeat schedule's description, empty when the tenant has none. */
    public Optional<ScheduleDescription> heartbeat(TenantConfig tenant) {
        return described(client(tenant).getHandle(ScheduleIds.heartbeat(tenant.id())));
    }

    private void removeHeartbeat(TenantConfig tenant) {
        ScheduleHandle handle = client(tenant).getHandle(ScheduleIds.heartbeat(tenant.id()));
        if (described(handle).isPresent()) {
            gone(handle::delete);
        }
    }

    private List<String> jobIds(TenantConfig tenant) {
        String prefix = ScheduleIds.jobPrefix(tenant.id());
        return client(tenant).listSchedules().map(s -> s.getScheduleId()).filter(id -> id.startsWith(prefix))
                .map(id -> id.substring(prefix.length())).distinct().toList();
    }

    private Optional<ScheduleDescription> describe(TenantConfig tenant, String jobId) {
        return described(handle(tenant, jobId)).filter(d -> request(d).map(r -> tenant.id().equals(r.tenant()))
                .orElse(false));
    }

    private static Optional<ScheduleDescription> described(ScheduleHandle handle) {
        try {
            return Optional.of(handle.describe());
        } catch (RuntimeException e) {
            if (notFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static Optional<TurnRequest> request(ScheduleDescription description) {
        if (!(description.getSchedule().getAction() instanceof ScheduleActionStartWorkflow start)
                || start.getArguments().getSize() != 1) {
            return Optional.empty();
        }
        return Optional.ofNullable(start.getArguments().get(0, TurnRequest.class));
    }

    private static Job job(String jobId, ScheduleDescription description) {
        TurnRequest request = request(description).orElseThrow();
        JobTiming timing = JobTiming.fromText(description.getSchedule().getState().getNote());
        return new Job(jobId, request.session(), request.message(), timing);
    }

    private static JobView view(String jobId, ScheduleDescription description) {
        TurnRequest request = request(description).orElseThrow();
        ScheduleState state = description.getSchedule().getState();
        List<JobView.Run> recent = description.getInfo().getRecentActions().stream()
                .filter(action -> action.getAction() instanceof ScheduleActionExecutionStartWorkflow)
                .map(action -> {
                    String workflowId = ((ScheduleActionExecutionStartWorkflow) action.getAction()).getWorkflowId();
                    return new JobView.Run(turnId(workflowId), workflowId, String.valueOf(action.getScheduledAt()));
                }).toList();
        recent = recent.subList(Math.max(0, recent.size() - RECENT_TURNS), recent.size());
        boolean spent = state.isLimitedAction() && state.getRemainingActions() == 0;
        List<String> next = state.isPaused() || spent ? List.of()
                : description.getInfo().getNextActionTimes().stream().limit(3).map(Object::toString).toList();
        return new JobView(jobId, request.session(), request.message(), state.getNote(), state.isPaused(), next,
                description.getInfo().getNumActions(), recent);
    }

    /** The turn id a firing's workflow takes (as the turn workflow makes it from its id). */
    private static String turnId(String workflowId) {
        int turn = workflowId.indexOf("/turn/");
        return (turn < 0 ? workflowId : workflowId.substring(turn + "/turn/".length())).replaceAll("[^A-Za-z0-9._-]", "-");
    }

    private static Schedule schedule(TenantConfig tenant, Job job, boolean paused) {
        JobTiming timing = job.timing();
        return Schedule.newBuilder()
                .setAction(turn(tenant, new TurnRequest(tenant.id(), job.session(), null, job.message(),
                        TurnRequest.SCHEDULE), ScheduleIds.jobTurns(tenant.id(), job.id())))
                .setSpec(timing.spec())
                .setPolicy(policy(timing.once() ? CATCHUP_ONCE : CATCHUP))
                .setState(ScheduleState.newBuilder().setNote(timing.text()).setPaused(paused)
                        .setLimitedAction(timing.once()).setRemainingActions(timing.once() ? 1 : 0).build())
                .build();
    }

    /** The action: start one turn workflow, whose id Temporal makes unique per firing by appending the time. */
    private static ScheduleActionStartWorkflow turn(TenantConfig tenant, TurnRequest request, String workflowId) {
        return ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(AgentTurnWorkflow.class)
                .setArguments(request)
                .setOptions(WorkflowOptions.newBuilder().setWorkflowId(workflowId).setTaskQueue(tenant.taskQueue())
                        .build())
                .build();
    }

    private static SchedulePolicy policy(Duration catchup) {
        return SchedulePolicy.newBuilder().setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                .setCatchupWindow(catchup).build();
    }

    private ScheduleHandle handle(TenantConfig tenant, String jobId) {
        return client(tenant).getHandle(ScheduleIds.job(tenant.id(), jobId));
    }

    private ScheduleClient client(TenantConfig tenant) {
        return clients.computeIfAbsent(tenant.namespace(), namespace -> ScheduleClient.newInstance(temporal.service(namespace),
                ScheduleClientOptions.newBuilder().setNamespace(namespace)
                        .setDataConverter(temporal.converter(namespace)).build()));
    }

    /** Runs a change of a schedule; false when the schedule went away meanwhile. */
    private static boolean gone(Runnable change) {
        try {
            change.run();
            return true;
        } catch (RuntimeException e) {
            if (notFound(e)) {
                return false;
            }
            throw e;
        }
    }

    private static boolean notFound(Throwable e) {
        return status(e).map(code -> code == Status.Code.NOT_FOUND).orElse(false);
    }

    private static Optional<Status.Code> status(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StatusRuntimeException status) {
                return Optional.of(status.getStatus().getCode());
            }
        }
        return Optional.empty();
    }

    /** Temporal refused the schedule's timing (INVALID_ARGUMENT, e.g. a cron field out of range): the caller's fault. */
    private static RuntimeException refusedTiming(RuntimeException e) {
        if (status(e).map(code -> code == Status.Code.INVALID_ARGUMENT).orElse(false)) {
            String why = null;
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof StatusRuntimeException status) {
                    why = status.getStatus().getDescription();
                }
            }
            return JobRefusedException.invalid("Temporal refused the schedule: "
                    + JobRules.printable(String.valueOf(why), 300));
        }
        return e;
    }

    private static JobRefusedException notFound(String jobId) {
        return new JobRefusedException(JobRefusedException.Reason.NOT_FOUND, "no job '" + jobId + "'");
    }
}
