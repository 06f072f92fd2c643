package dev.talon.devtools;


import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints Temporal history bytes per turn for the turn-log and the inline designs. */
@Command(name = "bench-history", description = "Measure workflow history size per turn, turn log vs inline messages.")
final class BenchHistoryCommand implements Callable<Integer> {

    @Option(names = "--steps", split = ",", defaultValue = "5,10,20,40", description = "tool steps per turn (default: ${DEFAULT-VALUE})")
    List<Integer> steps;

    @Option(names = "--output-chars", defaultValue = "1000", description = "characters per tool result (default: ${DEFAULT-VALUE})")
    int outputChars;

    @Override
    public Integer call() throws IOException {
        new HistoryBenchmark(steps, outputChars).run(System.out);
        return 0;
    }
}
