package dev.talon.devtools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The table bin/talon bench prints, the targets of docs/performance.md, and the JSON it writes. */
public final class BenchReport {

    private BenchReport() {
    }

    public static void print(List<ServerRun> runs, PrintStream out) {
        for (ServerRun run : runs) {
            out.printf(Locale.ROOT, "%n== %s dev server %s%n", run.server(), run.dynamicConfig());
            out.printf(Locale.ROOT, "%-22s %9s %9s %9s %9s %9s %8s %9s %9s %6s%n", "", "talon p50", "talon p95",
                    "floor p50", "floor p95", "ratio", "talon/s", "floor/s", "cpu/turn", "fail");
            for (Comparison c : run.comparisons()) {
                out.printf(Locale.ROOT, "%-22s %8.3fs %8.3fs %8.3fs %8.3fs %8.2fx %8.1f %9.1f %8.3fs %6s%n",
                        c.name(), c.talon().p50(), c.talon().p95(), c.floor().p50(), c.floor().p95(), c.ratio(),
                        c.talon().perSecond(), c.floor().perSecond(), c.talon().cpuSecondsEach(),
                        c.talon().failures() + "/" + c.floor().failures());
            }
            out.printf(Locale.ROOT, "history bytes per step: talon %.0f, floor %.0f (per 2 activities)%n",
                    run.historyBytesPerStep(), run.floorBytesPerStep());
            out.printf(Locale.ROOT, "RSS after the runs: worker %.0f MiB, REST server %.0f MiB, dev server %.0f MiB%n",
                    run.workerRssMiB(), run.serverRssMiB(), run.temporalRssMiB());
        }
        out.println("\nratio: sequential = talon p50 / floor p50; concurrent = floor turns/s / talon turns/s. "
                + "cpu/turn: worker + REST server CPU seconds per turn (the floor's column: the bench process).");
        targets(runs, out);
        out.flush();
    }

    private static void targets(List<ServerRun> runs, PrintStream out) {
        ServerRun tuned = runs.stream().filter(r -> !r.server().equals("default")).reduce((a, b) -> b).orElse(null);
        ServerRun plain = runs.stream().filter(r -> r.server().equals("default")).findFirst().orElse(null);
        out.println("\ntargets (docs/performance.md):");
        if (tuned != null) {
            find(tuned, "sequential K=20").ifPresent(c -> target(out, "K=20 turn <= 1.0x floor (" + tuned.server() + ")",
                    c.ratio(), c.ratio() <= 1.0));
            find(tuned, "sequential K=1").ifPresent(c -> target(out, "K=1 turn <= 1.2x floor (" + tuned.server() + ")",
                    c.ratio(), c.ratio() <= 1.2));
            find(tuned, "200 concurrent K=5").ifPresent(c -> out.printf(Locale.ROOT,
                    "  %-44s %.1f turns/s, %d failures, %.3f CPU s/turn : %s%n", "200 concurrent K=5 turns",
                    c.talon().perSecond(), c.talon().failures(), c.talon().cpuSecondsEach(),
                    c.talon().failures() == 0 ? "met (0 failures)" : "MISSED"));
        }
        if (tuned != null && plain != null) {
            var before = find(plain, "sequential K=20");
            var after = find(tuned, "sequential K=20");
            if (before.isPresent() && after.isPresent()) {
                double gain = before.get().talon().p50() / after.get().talon().p50();
                target(out, "default/" + tuned.server() + " K=20 latency >= 3x", gain, gain >= 3);
            }
        }
    }

    private static java.util.Optional<Comparison> find(ServerRun run, String name) {
        return run.comparisons().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    private static void target(PrintStream out, String what, double value, boolean met) {
        out.printf(Locale.ROOT, "  %-44s %.2fx : %s%n", what, value, met ? "met" : "MISSED");
    }

    public static void writeJson(List<ServerRun> runs, String load, Path file) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode().put("measuredAt", Instant.now().toString())
                .put("cores", Runtime.getRuntime().availableProcessors()).put("loadAverage", load);
        root.set("runs", json.valueToTree(runs));
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        json.writeValue(file.toFile(), root);
    }
}
