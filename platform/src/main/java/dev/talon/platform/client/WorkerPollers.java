package dev.talon.platform.client;

import dev.talon.platform.tenant.TenantConfig;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.PollerInfo;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Which worker processes poll a tenant's task queue, as Temporal sees them: the health of workers in every process
 * (worker-only ones included), not only this one's.
 */
public final class WorkerPollers {

    private final TemporalConnection temporal;

    public WorkerPollers(TemporalConnection temporal) {
        this.temporal = temporal;
    }

    /** One worker process polling the queue: its identity, when it last polled, and for what. */
    public record Poller(String identity, String lastPolledAt, List<String> polls) {
    }

    /** The tenant's queue: the pollers Temporal saw lately, or why they could not be read. */
    public record QueueHealth(String tenant, String namespace, String taskQueue, List<Poller> pollers, String problem) {
    }

    public boolean temporalServing() {
        return temporal.isServing(Duration.ofSeconds(2));
    }

    public String temporalTarget() {
        return temporal.target();
    }

    public QueueHealth of(TenantConfig tenant) {
        Map<String, Poller> byIdentity = new TreeMap<>();
        try {
            for (TaskQueueType type : List.of(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY)) {
                var request = DescribeTaskQueueRequest.newBuilder().setNamespace(tenant.namespace())
                        .setTaskQueue(TaskQueue.newBuilder().setName(tenant.taskQueue()).build())
                        .setTaskQueueType(type).build();
                var answer = temporal.service(tenant.namespace()).blockingStub().withDeadlineAfter(3, TimeUnit.SECONDS)
                        .describeTaskQueue(request);
                String what = type == TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW ? "workflows" : "activities";
                for (PollerInfo poller : answer.getPollersList()) {
                    byIdentity.merge(poller.getIdentity(), new Poller(poller.getIdentity(),
                            Instant.ofEpochSecond(poller.getLastAccessTime().getSeconds(), poller.getLastAccessTime().getNanos()).toString(),
                            List.of(what)), WorkerPollers::merged);
                }
            }
        } catch (StatusRuntimeException e) {
            return new QueueHealth(tenant.id(), tenant.namespace(), tenant.taskQueue(), List.of(),
                    e.getStatus().getCode() + ": " + e.getStatus().getDescription());
        }
        return new QueueHealth(tenant.id(), tenant.namespace(), tenant.taskQueue(), List.copyOf(byIdentity.values()), null);
    }

    private static Poller merged(Poller a, Poller b) {
        List<String> polls = new ArrayList<>(a.polls());
        polls.addAll(b.polls());
        String last = Instant.parse(a.lastPolledAt()).isAfter(Instant.parse(b.lastPolledAt())) ? a.lastPolledAt() : b.lastPolledAt();
        return new Poller(a.identity(), last, List.copyOf(polls));
    }
}
