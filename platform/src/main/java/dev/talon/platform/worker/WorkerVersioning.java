package dev.talon.platform.worker;

import dev.talon.platform.workflow.AgentSessionWorkflow;
import dev.talon.platform.workflow.AgentSessionWorkflowImpl;
import dev.talon.platform.workflow.AutoUpgradingSessionWorkflowImpl;
import io.temporal.common.VersioningBehavior;
import io.temporal.common.WorkerDeploymentVersion;
import io.temporal.worker.WorkerDeploymentOptions;
import io.temporal.worker.WorkerOptions;
import java.util.Locale;
import org.eclipse.microprofile.config.Config;

/**
 * Temporal worker versioning (Worker Deployments): every worker says which build it is, a turn stays on the build
 * that started it (pinned, the worker's default: a rolling deploy never replays a turn's history on other code), a
 * session moves to the newest build at its next task ({@link AutoUpgradingSessionWorkflowImpl}; its changes are
 * guarded by {@code Workflow.getVersion} and proven by the replay tests). Off by default: with it on, new work goes
 * only to the deployment's current version. An unversioned worker must declare no behaviour at all: the server
 * refuses its workflow tasks otherwise.
 *
 * <p>Settings: {@code talon.worker.versioning.enabled}, {@code .deployment} (default {@code talon}),
 * {@code .build-id} (the image's version), {@code .promote}: {@code if-none} (default: the first build makes itself
 * current), {@code always} (each new build makes itself current when its workers poll) or {@code never} (an
 * operator or the Temporal Worker Controller does it).
 */
public record WorkerVersioning(boolean enabled, String deployment, String buildId, Promote promote) {

    /** When a starting worker makes its own version the deployment's current one. */
    public enum Promote { IF_NONE, ALWAYS, NEVER }

    public static final WorkerVersioning OFF = new WorkerVersioning(false, "talon", "", Promote.NEVER);

    public WorkerVersioning {
        if (enabled && (buildId == null || !buildId.matches("[A-Za-z0-9._-]{1,64}"))) {
            throw new IllegalStateException("talon.worker.versioning.build-id must be 1-64 of letters, digits, '.', "
                    + "'_' and '-' when versioning is on (use the image's version), not '" + buildId + "'");
        }
        if (enabled && !deployment.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalStateException("talon.worker.versioning.deployment must be 1-64 of letters, digits, "
                    + "'.', '_' and '-', not '" + deployment + "'");
        }
    }

    public static WorkerVersioning from(Config config) {
        String promote = config.getOptionalValue("talon.worker.versioning.promote", String.class).orElse("if-none");
        Promote when = switch (promote.strip().toLowerCase(Locale.ROOT)) {
            case "if-none" -> Promote.IF_NONE;
            case "always" -> Promote.ALWAYS;
            case "never" -> Promote.NEVER;
            default -> throw new IllegalStateException("talon.worker.versioning.promote is '" + promote
                    + "'; use if-none, always or never");
        };
        return new WorkerVersioning(
                config.getOptionalValue("talon.worker.versioning.enabled", Boolean.class).orElse(false),
                config.getOptionalValue("talon.worker.versioning.deployment", String.class).orElse("talon").strip(),
                config.getOptionalValue("talon.worker.versioning.build-id", String.class).orElse("").strip(),
                when);
    }

    /** The worker options of a versioned worker; unchanged when versioning is off. */
    WorkerOptions.Builder apply(WorkerOptions.Builder options) {
        if (!enabled) {
            return options;
        }
        return options.setDeploymentOptions(WorkerDeploymentOptions.newBuilder()
                .setUseVersioning(true)
                .setVersion(new WorkerDeploymentVersion(deployment, buildId))
                // a workflow type without its own annotation is pinned: never replayed on another build
                .setDefaultVersioningBehavior(VersioningBehavior.PINNED)
                .build());
    }

    /** The session workflow's implementation: auto-upgrading on a versioned worker, plain otherwise. */
    Class<? extends AgentSessionWorkflow> sessionWorkflow() {
        return enabled ? AutoUpgradingSessionWorkflowImpl.class : AgentSessionWorkflowImpl.class;
    }

    /** For logs: the version, or that versioning is off. */
    public String describe() {
        return enabled ? deployment + "." + buildId + " (promote " + promote.name().toLowerCase(Locale.ROOT) + ")"
                : "unversioned";
    }
}
