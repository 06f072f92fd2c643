package dev.talon.devtools;

import java.io.IOException;
import java.io.InputStream;
import java.util.logging.LogManager;
import picocli.CommandLine;

/** The entry point of the dev-tools jar; {@code bin/talon chaos|bench-history|bench-sse} call it. */
public final class DevToolsMain {

    private DevToolsMain() {
    }

    public static void main(String[] args) throws IOException {
        configureLogging();
        System.exit(new CommandLine(new DevToolsCommand()).execute(args));
    }

    /** The platform's quiet logging.properties (it is on the class path with the platform jar). */
    private static void configureLogging() throws IOException {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        try (InputStream config = DevToolsMain.class.getResourceAsStream("/logging.properties")) {
            if (config != null) {
                LogManager.getLogManager().readConfiguration(config);
            }
        }
    }
}
