package dev.talon.platform.cli;

import dev.talon.platform.worker.WorkerHealth;
import dev.talon.platform.ConfigLoader;
import dev.talon.platform.Platform;
import dev.talon.platform.TalonSettings;
import dev.talon.platform.telemetry.Telemetry;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.eclipse.microprofile.config.Config;
import picocli.CommandLine.Command;

/** Runs only workers, no REST API: start several against one Temporal server to share the load. */
@Command(name = "worker", description = "Run the tenants' Temporal workers without the REST API.")
final class WorkerCommand implements Callable<Integer> {

    @Override
    public Integer call() throws InterruptedException, IOException {
        Config config = ConfigLoader.load();
        TalonSettings settings = TalonSettings.from(config);
        Telemetry.prometheusForThisProcess(); // first: what the workers measure from their start is kept
        Platform platform = Platform.start(settings, config);
        // optional, for probes: talon.worker.health-port (off by default)
        Optional<Integer> healthPort = config.getOptionalValue("talon.worker.health-port", Integer.class);
        WorkerHealth health = healthPort.isEmpty() ? null : WorkerHealth.start(
                config.getOptionalValue("talon.worker.health-host", String.class).orElse("0.0.0.0"), healthPort.get(),
                () -> platform.temporal().isServing(Duration.ofSeconds(2))
                        && platform.workers().map(w -> !w.tenantIds().isEmpty()).orElse(false),
                platform.temporal().telemetry()::prometheusText);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (health != null) {
                health.close();
            }
            platform.close();
            stopped.countDown();
        }, "talon-worker-shutdown"));
        if (health != null) {
            System.out.println("talon: worker health on port " + health.port() + " (/health/live, /health/ready, /metrics)");
        }
        System.out.println("talon: worker " + ProcessHandle.current().pid() + " polling for tenants "
                + platform.tenants().all().stream().map(t -> t.id()).toList() + " on " + settings.temporal().defaults().describe());
        stopped.await();
        return 0;
    }
}
