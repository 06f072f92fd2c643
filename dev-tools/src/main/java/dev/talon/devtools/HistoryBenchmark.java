package dev.talon.devtools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.talon.api.Tool;
import dev.talon.api.ToolContext;
import dev.talon.api.ToolResult;
import dev.talon.api.ToolSpec;
import dev.talon.platform.bench.InMemoryTurnRunner;
import dev.talon.platform.bench.StepsProvider;
import dev.talon.platform.plugin.TenantToolbox;
import dev.talon.platform.tenant.ExecPolicy;
import dev.talon.platform.tenant.Limits;
import dev.talon.platform.tenant.ProviderConfig;
import dev.talon.platform.tenant.TenantConfig;
import dev.talon.platform.workflow.TurnRequest;
import io.temporal.api.history.v1.HistoryEvent;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Measures Temporal history size of turns with N tool steps, for the turn-log design and for the old
 * inline design (the whole conversation as the input of every LlmChat), and prints a table.
 */
public final class HistoryBenchmark {

    private final List<Integer> stepCounts;
    private final int outputChars;

    public HistoryBenchmark(List<Integer> stepCounts, int outputChars) {
        this.stepCounts = List.copyOf(stepCounts);
        this.outputChars = outputChars;
    }

    /** One measured turn. */
    record Measurement(int steps, long historyBytes, long largestEventBytes) {
        long bytesPerStep() {
            return historyBytes / steps;
        }
    }

    public void run(PrintStream out) throws IOException {
        out.printf("history bytes of one turn with N tool steps, each tool result %,d chars%n", outputChars);
        out.printf("%6s | %14s %10s %12s | %14s %10s %12s%n", "steps", "turn-log", "per step", "largest evt",
                "inline", "per step", "largest evt");
        for (int steps : stepCounts) {
            Measurement log = measure(steps, false);
            Measurement inline = measure(steps, true);
            out.printf("%6d | %,14d %,10d %,12d | %,14d %,10d %,12d%n", steps, log.historyBytes(), log.bytesPerStep(),
                    log.largestEventBytes(), inline.historyBytes(), inline.bytesPerStep(), inline.largestEventBytes());
        }
    }

    Measurement measure(int steps, boolean inline) throws IOException {
        Path dataDir = Files.createTempDirectory("talon-bench");
        TenantConfig tenant = new TenantConfig("bench", List.of(), "default", "bench", List.of("steps"),
                new ProviderConfig("steps", "steps", null, null, null, null, null), ExecPolicy.DISABLED,
                new Limits(steps + 1, 60, 100), null);
        TenantToolbox toolbox = TenantToolbox.of(List.of(fixedOutputTool()), Optional.empty(),
                Optional.of(new StepsProvider("read_chunk", steps)));
        String workflowId = "bench-" + steps + (inline ? "-inline" : "-log");
        try (InMemoryTurnRunner runner = new InMemoryTurnRunner(dataDir, tenant, toolbox, inline)) {
            runner.run(workflowId, new TurnRequest("bench", "s", workflowId, "read the chunks"));
            List<HistoryEvent> events = runner.history(workflowId).getEvents();
            long total = events.stream().mapToLong(HistoryEvent::getSerializedSize).sum();
            long largest = events.stream().mapToLong(HistoryEvent::getSerializedSize).max().orElse(0);
            return new Measurement(steps, total, largest);
        } finally {
            try (var paths = Files.walk(dataDir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Stands for a file read: the same number of characters every call. */
    private Tool fixedOutputTool() {
        String chunk = "x".repeat(outputChars);
        return new Tool() {
            @Override
            public ToolSpec spec() {
                return new ToolSpec("read_chunk", "returns a fixed chunk of text",
                        JsonNodeFactory.instance.objectNode().put("type", "object"));
            }

            @Override
            public ToolResult execute(JsonNode arguments, ToolContext context) {
                return ToolResult.ok(chunk);
            }
        };
    }
}
