package dev.talon.platform.worker;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.DescribeWorkerDeploymentRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkerDeploymentResponse;
import io.temporal.api.workflowservice.v1.SetWorkerDeploymentCurrentVersionRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.time.Instant;

/**
 * Makes a starting worker's build the current version of its deployment in a namespace, as
 * {@link WorkerVersioning#promote()} asks. The server only knows a version once its workers poll, so it tries
 * again for a while; it runs on its own thread and never holds a worker back.
 */
final class DeploymentPromotion implements Runnable {

    private static final System.Logger LOG = System.getLogger(DeploymentPromotion.class.getName());
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(2);
    private static final Duration PAUSE = Duration.ofSeconds(1);

    private final WorkflowServiceStubs service;
    private final String namespace;
    private final WorkerVersioning versioning;

    DeploymentPromotion(WorkflowServiceStubs service, String namespace, WorkerVersioning versioning) {
        this.service = service;
        this.namespace = namespace;
        this.versioning = versioning;
    }

    @Override
    public void run() {
        Instant deadline = Instant.now().plus(GIVE_UP_AFTER);
        StatusRuntimeException last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                promoteOnce();
                return;
            } catch (StatusRuntimeException e) {
                if (!retryable(e.getStatus().getCode())) {
                    LOG.log(System.Logger.Level.WARNING, "worker versioning: cannot make {0} current in namespace "
                            + "{1}: {2}", versioning.describe(), namespace, e.getStatus());
                    return;
                }
                last = e;
            }
            try {
                Thread.sleep(PAUSE);
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.log(System.Logger.Level.WARNING, "worker versioning: {0} is not current in namespace {1} after {2} s ({3});"
                + " set it with: temporal worker deployment set-current-version --deployment-name {4} --build-id {5}",
                versioning.describe(), namespace, GIVE_UP_AFTER.toSeconds(), last == null ? "" : last.getStatus(),
                versioning.deployment(), versioning.buildId());
    }

    private void promoteOnce() {
        // NOT_FOUND until this build's pollers have reached the server: run() tries again
        DescribeWorkerDeploymentResponse deployment = service.blockingStub().describeWorkerDeployment(
                DescribeWorkerDeploymentRequest.newBuilder().setNamespace(namespace)
                        .setDeploymentName(versioning.deployment()).build());
        var routing = deployment.getWorkerDeploymentInfo().getRoutingConfig();
        String current = routing.hasCurrentDeploymentVersion()
                ? routing.getCurrentDeploymentVersion().getBuildId() : "";
        if (current.equals(versioning.buildId())) {
            return;
        }
        if (versioning.promote() == WorkerVersioning.Promote.IF_NONE && !current.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "worker versioning: namespace {0} runs new work on build {1}; this "
                    + "worker ({2}) takes work once it is made current", namespace, current, versioning.describe());
            return;
        }
        service.blockingStub().setWorkerDeploymentCurrentVersion(SetWorkerDeploymentCurrentVersionRequest.newBuilder()
                .setNamespace(namespace).setDeploymentName(versioning.deployment())
                .setBuildId(versioning.buildId()).setConflictToken(deployment.getConflictToken())
                .setIdentity("talon-worker").build());
        LOG.log(System.Logger.Level.INFO, "worker versioning: build {0} is now current in namespace {1} (was {2})",
                versioning.buildId(), namespace, current.isEmpty() ? "none" : current);
    }

    private static boolean retryable(Status.Code code) {
        // NOT_FOUND / FAILED_PRECONDITION: the version is not registered yet; ABORTED: a concurrent change
        return code == Status.Code.NOT_FOUND || code == Status.Code.FAILED_PRECONDITION
                || code == Status.Code.ABORTED || code == Status.Code.UNAVAILABLE
                || code == Status.Code.DEADLINE_EXCEEDED;
    }
}
