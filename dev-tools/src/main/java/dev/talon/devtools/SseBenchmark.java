package dev.talon.devtools;

import dev.talon.testkit.ClusterProcess;
import dev.talon.testkit.LocalCluster;
import dev.talon.testkit.TurnClient;
import dev.talon.testkit.TurnReply;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * What SSE streams cost, against real processes ({@link LocalCluster}: the Temporal dev server, one worker,
 * one REST server): the same measurements once with no stream open (the baseline, in the same run) and once
 * with N streams open on a running turn. CPU is the processes' own (utime + stime) over a quiet window;
 * latency is that of short turns run one after the other meanwhile.
 */
public final class SseBenchmark {

    private static final String EVENTS_OF_RUNNING_TURN = "llm_started, llm_finished, tool_started";
    private static final int EVENTS_BEFORE_TOOL = 3;
    private static final Duration CONNECT_PATIENCE = Duration.ofSeconds(120);
    private static final Duration TURN_PATIENCE = Duration.ofMinutes(10);

    /** One phase's numbers. */
    record Phase(int streams, double serverCores, double workerCores, double temporalCores, List<Double> latencies) {
        double totalCores() {
            return serverCores + workerCores;
        }

        double median() {
            return percentile(0.5);
        }

        double p90() {
            return percentile(0.9);
        }

        private double percentile(double p) {
            List<Double> sorted = latencies.stream().sorted().toList();
            return sorted.get((int) Math.min(sorted.size() - 1, Math.round(p * (sorted.size() - 1))));
        }
    }

    private final Path jar;
    private final Path plugins;
    private final Path temporal;
    private final Path home;
    private final int streams;
    private final int samples;
    private final Duration window;
    private final PrintStream out;

    public SseBenchmark(Path jar, Path plugins, Path temporal, Path home, int streams, int samples, Duration window,
                        PrintStream out) {
        this.jar = jar;
        this.plugins = plugins;
        this.temporal = temporal;
        this.home = home;
        this.streams = streams;
        this.samples = samples;
        this.window = window;
        this.out = out;
    }

    /** Runs both phases and prints them side by side; true when the targets are met. */
    public boolean run() throws IOException, InterruptedException {
        Phase idle;
        Phase loaded;
        try (LocalCluster cluster = new LocalCluster(jar, plugins, temporal, home, line -> say(line))) {
            ClusterProcess temporalServer = cluster.startTemporal();
            ClusterProcess worker = cluster.startWorkersAndServer(1,
                    List.of("-Dtalon.api.max-streams-per-tenant=" + (streams + 10))).getFirst();
            ClusterProcess server = cluster.server().orElseThrow();
            TurnClient turns = cluster.turns();
            say("warming up: " + samples * 2 + " short turns");
            latencies(turns, "warm", samples * 2);

            List<ClusterProcess> measured = List.of(server, worker, temporalServer);
            idle = phase(turns, measured, 0);
            loaded = phase(turns, measured, streams);
            say("stopping the cluster");
        }
        return print(idle, loaded);
    }

    /** One phase; {@code processes}: the REST server, the worker, the dev server. */
    private Phase phase(TurnClient turns, List<ClusterProcess> processes, int count)
            throws IOException, InterruptedException {
        String running = "running-" + count + "-" + System.nanoTime();
        TurnReply accepted = turns.submit("bench-sse", "/call exec {\"command\":\"sleep 100\"}", running, false, 60);
        if (accepted.httpStatus() != 202) {
            throw new IllegalStateException("the running turn was refused: HTTP " + accepted.httpStatus() + " " + accepted.body());
        }
        Thread.sleep(2_000); // its tool starts
        try (SseClients clients = new SseClients()) {
            if (count > 0) {
                long begin = System.nanoTime();
                clients.open(URI.create(turns.base() + "/v1/tenants/" + LocalCluster.TENANT + "/turns/" + running
                        + "/events"), LocalCluster.API_KEY, count);
                long deadline = begin + CONNECT_PATIENCE.toNanos();
                while (clients.withEvents(EVENTS_BEFORE_TOOL) + clients.refused() < count && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                say(String.format(Locale.ROOT, "%d of %d streams got the turn's events so far (%s) in %.1f s; %d refused",
                        clients.withEvents(EVENTS_BEFORE_TOOL), count, EVENTS_OF_RUNNING_TURN,
                        (System.nanoTime() - begin) / 1e9, clients.refused()));
            }
            say(count + " streams: measuring CPU for " + window.toSeconds() + " s, nothing else running");
            List<Duration> before = processes.stream().map(SseBenchmark::cpu).toList();
            long begin = System.nanoTime();
            Thread.sleep(window);
            double seconds = (System.nanoTime() - begin) / 1e9;
            double[] cores = new double[processes.size()];
            for (int i = 0; i < cores.length; i++) {
                cores[i] = cpu(processes.get(i)).minus(before.get(i)).toNanos() / 1e9 / seconds;
            }
            say(count + " streams: " + samples + " short turns, one after the other");
            List<Double> latencies = latencies(turns, "c" + count, samples);
            return new Phase(count, cores[0], cores[1], cores[2], latencies);
        }
    }

    private static List<Double> latencies(TurnClient turns, String prefix, int count)
            throws IOException, InterruptedException {
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String turnId = prefix + "-" + i + "-" + System.nanoTime();
            long begin = System.nanoTime();
            TurnReply reply = turns.submit("bench-concurrent", "/say hi", turnId, true, 60);
            if (reply.httpStatus() == 202) { // still running after a minute: wait it out, the time counts
                try {
                    reply = turns.awaitFinished(turnId, TURN_PATIENCE);
                } catch (TimeoutException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }
            seconds.add((System.nanoTime() - begin) / 1e9);
            if (!reply.completed()) {
                throw new IllegalStateException("a concurrent turn did not complete: HTTP " + reply.httpStatus() + " " + reply.body());
            }
        }
        return seconds;
    }

    private static Duration cpu(ClusterProcess process) {
        return process.process().toHandle().info().totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("no CPU time for " + process + " (needs /proc)"));
    }

    private boolean print(Phase idle, Phase loaded) {
        double extraCores = loaded.totalCores() - idle.totalCores();
        double ratio = loaded.median() / idle.median();
        boolean cpuOk = extraCores < 0.10;
        boolean latencyOk = ratio <= 1.5;
        out.printf(Locale.ROOT, "%nbench-sse: %d SSE streams on one running turn (REST server and worker as separate "
                + "processes, Temporal dev server)%n", streams);
        out.printf(Locale.ROOT, "%-34s %14s %14s %16s%n", "", "no streams", loaded.streams() + " streams", "difference");
        out.printf(Locale.ROOT, "%-34s %13.1f%% %13.1f%% %+15.1f%%%n", "REST server CPU (% of a core)",
                idle.serverCores() * 100, loaded.serverCores() * 100, (loaded.serverCores() - idle.serverCores()) * 100);
        out.printf(Locale.ROOT, "%-34s %13.1f%% %13.1f%% %+15.1f%%%n", "worker CPU (% of a core)",
                idle.workerCores() * 100, loaded.workerCores() * 100, (loaded.workerCores() - idle.workerCores()) * 100);
        out.printf(Locale.ROOT, "%-34s %13.1f%% %13.1f%% %+15.1f%%   target < +10%% : %s%n", "platform (REST server + worker)",
                idle.totalCores() * 100, loaded.totalCores() * 100, extraCores * 100, cpuOk ? "met" : "MISSED");
        out.printf(Locale.ROOT, "%-34s %13.1f%% %13.1f%% %+15.1f%%%n", "Temporal dev server CPU",
                idle.temporalCores() * 100, loaded.temporalCores() * 100,
                (loaded.temporalCores() - idle.temporalCores()) * 100);
        out.printf(Locale.ROOT, "%-34s %13.3fs %13.3fs %15.2fx   target <= 1.5x : %s%n", "concurrent turn, median",
                idle.median(), loaded.median(), ratio, latencyOk ? "met" : "MISSED");
        out.printf(Locale.ROOT, "%-34s %13.3fs %13.3fs %15.2fx%n", "concurrent turn, p90",
                idle.p90(), loaded.p90(), loaded.p90() / idle.p90());
        out.flush();
        return cpuOk && latencyOk;
    }

    private void say(String line) {
        out.println("bench-sse: " + line);
        out.flush();
    }
}
