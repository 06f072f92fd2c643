package dev.talon.platform;

import dev.talon.platform.cli.TalonCommand;
import java.io.IOException;
import java.io.InputStream;
import java.util.logging.LogManager;
import picocli.CommandLine;

/** The entry point of the platform jar; {@code bin/talon} calls it. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws IOException {
        configureLogging();
        System.exit(new CommandLine(new TalonCommand()).execute(args));
    }

    /** The quiet levels of logging.properties for every command, not only for the server Helidon starts. */
    private static void configureLogging() throws IOException {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        try (InputStream config = Main.class.getResourceAsStream("/logging.properties")) {
            if (config != null) {
                LogManager.getLogManager().readConfiguration(config);
            }
        }
    }
}
