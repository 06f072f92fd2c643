package dev.talon.platform.cli;

import dev.talon.platform.ConfigLoader;
import io.helidon.microprofile.server.Server;
import java.util.concurrent.Callable;
import org.eclipse.microprofile.config.Config;
import picocli.CommandLine.Command;

/** Runs the REST API and, unless talon.workers.enabled=false, the tenants' workers. */
@Command(name = "serve", description = "Serve the REST API (and run workers unless talon.workers.enabled=false).")
final class ServeCommand implements Callable<Integer> {

    @Override
    public Integer call() throws InterruptedException {
        Config config = ConfigLoader.load();
        Server server = Server.builder().config(config).build().start();
        System.out.println("talon: REST API on http://" + server.host() + ":" + server.port());
        Thread.currentThread().join();
        return 0;
    }
}
