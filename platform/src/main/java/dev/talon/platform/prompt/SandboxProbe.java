package dev.talon.platform.prompt;

import dev.talon.api.ExecBackend;
import dev.talon.api.ExecRequest;
import dev.talon.api.ExecResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which of the programs and environment variables skills ask for the tenant's sandbox has, found with one shell
 * command through the tenant's exec backend ({@code command -v}, {@code ${NAME+set}}), once per turn: a prompt
 * rebuilt for the same turn asks again for nothing. Names reach the shell only after {@link SkillFile} allowed
 * them (letters, digits, a few punctuation marks), so they cannot be shell syntax.
 */
final class SandboxProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int TURNS_REMEMBERED = 64;

    /** What the sandbox showed; empty when nothing could be asked (exec disabled, or the probe failed). */
    record Found(Set<String> bins, Set<String> env) {
    }

    private final Map<String, Optional<Found>> byTurn = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Optional<Found>> eldest) {
            return size() > TURNS_REMEMBERED;
        }
    };

    /** Where and for whom to ask. */
    record Target(String tenant, String session, String turnId, Path workspace, Optional<ExecBackend> backend) {
    }

    synchronized Optional<Found> probe(Target target, Collection<String> bins, Collection<String> env) {
        String key = target.tenant() + "/" + target.turnId() + "/" + new TreeSet<>(bins) + new TreeSet<>(env);
        return byTurn.computeIfAbsent(key, k -> ask(target, bins, env));
    }

    private static Optional<Found> ask(Target target, Collection<String> bins, Collection<String> env) {
        if (target.backend().isEmpty()) {
            return Optional.empty();
        }
        if (bins.isEmpty() && env.isEmpty()) {
            return Optional.of(new Found(Set.of(), Set.of()));
        }
        StringBuilder command = new StringBuilder();
        for (String bin : new TreeSet<>(bins)) {
            command.append("command -v ").append(bin).append(" >/dev/null 2>&1 && echo bin:").append(bin).append("; ");
        }
        for (String name : new TreeSet<>(env)) {
            command.append("[ -n \"${").append(name).append("+set}\" ] && echo env:").append(name).append("; ");
        }
        command.append("true");
        ExecBackend backend = target.backend().get();
        try {
            backend.prepareWorkspace(target.tenant(), target.workspace());
            ExecResult result = backend.exec(new ExecRequest(command.toString(), target.workspace(),
                    target.workspace(), TIMEOUT, Map.of(), target.tenant(), target.session()));
            if (result.timedOut() || result.exitCode() != 0) {
                return Optional.empty();
            }
            Set<String> foundBins = new TreeSet<>();
            Set<String> foundEnv = new TreeSet<>();
            for (String line : result.stdout().lines().toList()) {
                if (line.startsWith("bin:")) {
                    foundBins.add(line.substring(4));
                } else if (line.startsWith("env:")) {
                    foundEnv.add(line.substring(4));
                }
            }
            return Optional.of(new Found(foundBins, foundEnv));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty(); // a sandbox that cannot start now: the requirements are unknown, the turn goes on
        }
    }
}
