package dev.talon.platform.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** {@code talon <command>}: the commands of the platform jar. */
@Command(name = "talon", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, // every subcommand answers --help
        description = "Durable AI agents on Temporal.",
        subcommands = {ServeCommand.class, WorkerCommand.class, TurnCommand.class, HashKeyCommand.class})
public final class TalonCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }
}
