package dev.talon.devtools;

import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** {@code talon-dev <command>}: the demos and benchmarks, kept out of the platform jar. */
@Command(name = "talon-dev", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, // every subcommand answers --help
        description = "Talon's developer tools: the bounce demo and the benchmarks.",
        subcommands = {ChaosCommand.class, BenchHistoryCommand.class, BenchSseCommand.class, BenchCommand.class})
public final class DevToolsCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }
}
