package dev.talon.platform.cli;

import dev.talon.platform.ConfigLoader;
import dev.talon.platform.Platform;
import dev.talon.platform.TalonSettings;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.eclipse.microprofile.config.Config;
import picocli.CommandLine.Command;

/** Runs only workers, no REST API: start several against one Temporal server to share the load. */
@Command(name = "worker", description = "Run the tenants' Temporal workers without the REST API.")
final class WorkerCommand implements Callable<Integer> {

    @Override
    public Integer call() throws InterruptedException {
        Config config = ConfigLoader.load();
        TalonSettings settings = TalonSettings.from(config);
        Platform platform = Platform.start(settings, config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            platform.close();
            stopped.countDown();
        }, "talon-worker-shutdown"));
        System.out.println("talon: worker " + ProcessHandle.current().pid() + " polling for tenants "
                + platform.tenants().all().stream().map(t -> t.id()).toList() + " on " + settings.temporalTarget());
        stopped.await();
        return 0;
    }
}
