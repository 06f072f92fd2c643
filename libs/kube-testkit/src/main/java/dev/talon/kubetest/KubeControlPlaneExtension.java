package dev.talon.kubetest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link KubeControlPlane} per test class: {@code @RegisterExtension static final KubeControlPlaneExtension
 * KUBE = new KubeControlPlaneExtension();} then {@code KUBE.plane()} in the tests. Its run folder (logs, pids) is
 * under {@code target/kube/} and kept after the run for reading.
 */
public final class KubeControlPlaneExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private final boolean apiOnly;
    private KubeControlPlane plane;
    /** Why the tests skip (TALON_SKIP_K8S), reported on each test: a class-level skip shows as "0 tests run". */
    private String skipped;

    /** The whole control plane: controllers, a kwok node, the agent-sandbox controller. */
    public KubeControlPlaneExtension() {
        this(false);
    }

    private KubeControlPlaneExtension(boolean apiOnly) {
        this.apiOnly = apiOnly;
    }

    /** etcd, kube-apiserver and the proxy alone: for tests of API clients, not of workloads. */
    public static KubeControlPlaneExtension apiOnly() {
        return new KubeControlPlaneExtension(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Path runDir = Path.of("target", "kube", context.getRequiredTestClass().getSimpleName()).toAbsolutePath();
        try {
            if (Files.exists(runDir)) {
                try (var old = Files.walk(runDir)) {
                    old.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
            Files.createDirectories(runDir.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            plane = KubeControlPlane.start(runDir, apiOnly);
        } catch (org.opentest4j.TestAbortedException e) {
            skipped = e.getMessage();
            System.err.println("SKIPPED " + context.getRequiredTestClass().getSimpleName() + ": " + skipped);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (skipped != null) {
            org.junit.jupiter.api.Assumptions.abort(skipped);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (plane != null) {
            plane.close();
            plane = null;
        }
    }

    public KubeControlPlane plane() {
        if (plane == null) {
            throw new IllegalStateException("the control plane runs only between beforeAll and afterAll");
        }
        return plane;
    }
}
