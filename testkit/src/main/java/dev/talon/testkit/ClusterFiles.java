package dev.talon.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.platform.tenant.ApiKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** What a {@link LocalCluster} writes into its work dir before it starts anything: tenants and config. */
final class ClusterFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ClusterFiles() {
    }

    /** Removes only what a cluster writes, so a reused dir starts empty and nothing else is touched. */
    static void reset(Path workDir) throws IOException {
        for (String name : List.of("data", "plugins", "logs")) {
            deleteTree(workDir.resolve(name));
        }
        for (String name : List.of("temporal.db", "temporal.db-wal", "temporal.db-shm", "temporal.db-journal",
                "tenants.yaml", "cluster.yaml", "llm-calls.tsv")) {
            Files.deleteIfExists(workDir.resolve(name));
        }
    }

    static String tenantsYaml() {
        return """
                # written by LocalCluster: the tenant every chaos process serves; its API key is "%s"
                tenants:
                  %s:
                    apiKeys: [%s]
                    namespace: %s
                    taskQueue: talon-chaos
                    plugins: [tools-workspace, tools-shell, exec-local, provider-scripted]
                    provider: {plugin: provider-scripted, model: scripted}
                    exec: {backend: local, trusted: true}
                    limits: {maxIterations: 10, execTimeoutSeconds: 120, historyWindow: 100}
                  %s:
                    apiKeys: [%s]
                    namespace: %s
                    taskQueue: talon-control
                    plugins: [tools-workspace, tools-shell, exec-local, provider-scripted]
                    provider: {plugin: provider-scripted, model: scripted}
                    exec: {backend: local, trusted: true}
                    approval: {tools: [write_file], timeoutSeconds: 120}
                """.formatted(LocalCluster.API_KEY, LocalCluster.TENANT, quoted(ApiKeys.hash(LocalCluster.API_KEY)),
                LocalCluster.NAMESPACE, LocalCluster.CONTROL_TENANT, quoted(ApiKeys.hash(LocalCluster.CONTROL_KEY)),
                LocalCluster.CONTROL_NAMESPACE);
    }

    static String configYaml(Path dataDir, Path tenantsFile, String temporalTarget, Path callLog) {
        return """
                # written by LocalCluster for all its platform processes; each also gets -Dtalon.plugins-dir,
                # and the REST server -Dserver.port and -Dtalon.workers.enabled=false
                server:
                  host: 127.0.0.1
                talon:
                  data-dir: %s
                  tenants-file: %s
                  temporal:
                    target: %s
                  plugins:
                    provider-scripted:
                      call-log: %s
                """.formatted(quoted(dataDir.toString()), quoted(tenantsFile.toString()), quoted(temporalTarget),
                quoted(callLog.toString()));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    // a JSON string is a valid YAML scalar, whatever the path contains
    private static String quoted(String value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The file, absolute, or a clear error naming what it should have been. */
    static Path requireFile(Path file, String what) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw new IllegalArgumentException(what + " " + absolute + " does not exist");
        }
        return absolute;
    }
}
