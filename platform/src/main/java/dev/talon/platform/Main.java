package dev.talon.platform;

import dev.talon.platform.cli.TalonCommand;
import picocli.CommandLine;

/** The entry point of the platform jar; {@code bin/talon} calls it. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TalonCommand()).execute(args));
    }
}
