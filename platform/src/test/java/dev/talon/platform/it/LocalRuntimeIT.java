package dev.talon.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The local runtime end to end, as a user runs it: {@code bin/talon up} starts the real Temporal dev server
 * (SQLite file) and the platform jar as separate processes; the test talks to them over real HTTP and checks
 * real files. Needs the {@code temporal} CLI (bin/talon setup installs it; CI does).
 */
class LocalRuntimeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PROJECT = Path.of(System.getProperty("talon.test.project-dir", "..")).toAbsolutePath().normalize();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> started = new ArrayList<>();
    private Path home;
    private int port;
    private int temporalPort;
    private int uiPort;

    @BeforeEach
    void pickPortsAndHome() throws IOException {
        home = PROJECT.resolve("platform/target/it-home-" + UUID.randomUUID().toString().substring(0, 8));
        Files.createDirectories(home);
        port = freePort();
        temporalPort = freePort();
        uiPort = freePort();
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (Process process : started) {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        for (String name : List.of("platform", "temporal")) {
            Path pidFile = home.resolve("run/" + name + ".pid");
            if (Files.exists(pidFile)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void upServesTurnsKeepsMemoryAcrossRunsConfinesFilesAndStopsCleanly() throws Exception {
        Process up = up("first");
        long temporalPid = pid("temporal");
        long platformPid = pid("platform");

        // write_file through the REST API lands in the demo workspace
        JsonNode write = turn("demo-key", "files", "/call write_file {\"path\":\"hello.txt\",\"content\":\"hi\"}");
        assertThat(write.path("status").asText()).isEqualTo("completed");
        assertThat(write.path("toolsUsed").toString()).isEqualTo("[\"write_file\"]");
        assertThat(home.resolve("data/tenants/demo/workspace/hello.txt")).hasContent("hi");

        // two turns, two workflow runs: the second remembers the first through the session file
        JsonNode first = turn("demo-key", "s1", "my favourite number is 42");
        JsonNode second = turn("demo-key", "s1", "/recall favourite");
        assertThat(second.path("turnId").asText()).isNotEqualTo(first.path("turnId").asText());
        assertThat(second.path("reply").asText()).isEqualTo("my favourite number is 42");
        // up encrypts history: the demo tenant's key was made on first use, readable by its owner only
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(home.resolve("keys/demo.keys")))).isEqualTo("rw-------");

        // a path outside the workspace is a tool error and writes nothing
        JsonNode escape = turn("demo-key", "files", "/call write_file {\"path\":\"../outside.txt\",\"content\":\"x\"}");
        assertThat(escape.path("reply").asText()).startsWith("error in write_file");
        assertThat(home.resolve("data/tenants/demo/outside.txt")).doesNotExist();
        assertThat(home.resolve("data/tenants/outside.txt")).doesNotExist();

        // a wrong key is refused
        assertThat(post("wrong-key", "s1", "hello").statusCode()).isEqualTo(401);

        // the CLI client prints the reply
        Process cli = talon(List.of("turn", "--tenant", "demo", "--session", "cli", "/say from the cli"), "cli");
        assertThat(cli.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(home.resolve("cli.out"))).contains("from the cli");
        assertThat(cli.exitValue()).isZero();

        adminApiManagesTenantsLive();

        // the launcher dies without cleaning up; the next `up` stops the leftovers and starts cleanly
        assertThat(logFollowers()).as("up follows its log with tail").isNotEmpty();
        up.toHandle().destroyForcibly();
        up.waitFor(10, TimeUnit.SECONDS);
        started.remove(up);
        assertThat(logFollowersGone()).as("a tail of the launcher's log outlived the killed launcher").isTrue();
        assertThat(ProcessHandle.of(platformPid).map(ProcessHandle::isAlive)).contains(true);
        Process again = up("second");
        assertThat(Files.readString(home.resolve("second.out"))).contains("stopping leftover");
        assertThat(ProcessHandle.of(platformPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(ProcessHandle.of(temporalPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();

        // the conversation survived the restart (Temporal's SQLite file and the session file)
        assertThat(turn("demo-key", "s1", "/recall favourite").path("reply").asText()).isEqualTo("my favourite number is 42");

        // stopping `up` (SIGTERM, as Ctrl-C) stops everything it started and frees the ports
        long secondPlatform = pid("platform");
        long secondTemporal = pid("temporal");
        again.destroy();
        assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();
        started.remove(again);
        assertThat(ProcessHandle.of(secondPlatform).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(ProcessHandle.of(secondTemporal).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(listening(port)).isFalse();
        assertThat(listening(temporalPort)).isFalse();
        assertThat(logFollowersGone()).as("a tail of the launcher's log outlived the stopped launcher").isTrue();
    }

    /** Live processes following this test's platform log: the {@code tail} that {@code up} starts. */
    private List<ProcessHandle> logFollowers() {
        String log = home.resolve("logs/platform.log").toString();
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine()
                        .map(line -> line.contains("tail") && line.contains(log)).orElse(false))
                .toList();
    }

    /** Whether every follower of the log is gone; tail notices its launcher's death within a second or so. */
    private boolean logFollowersGone() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (logFollowers().isEmpty()) {
                return true;
            }
            Thread.sleep(200);
        }
        List<ProcessHandle> left = logFollowers();
        left.forEach(ProcessHandle::destroyForcibly); // ours: the test's own home is in its command line
        return left.isEmpty();
    }

    /** The admin API on the running platform: a tenant and a key made live, exec refused, deletion stops the worker. */
    private void adminApiManagesTenantsLive() throws Exception {
        byte[] repoTenants = Files.readAllBytes(PROJECT.resolve("config/tenants.yaml"));
        String body = """
                {"plugins": ["tools-workspace", "tools-shell", "exec-local", "provider-scripted"],
                 "provider": {"plugin": "provider-scripted", "model": "scripted"}, "exec": %s}""";
        assertThat(admin("PUT", "/tenants/it-live", body.formatted("{\"backend\": \"local\", \"trusted\": true}"))
                .statusCode()).isEqualTo(201);
        String key = JSON.readTree(admin("POST", "/tenants/it-live/keys", "").body()).path("key").asText();

        assertThat(turnAs("it-live", key, "/say live without a restart").path("reply").asText())
                .isEqualTo("live without a restart");
        assertThat(post(key, "s1", "hello").statusCode()).as("its key on the demo tenant").isEqualTo(401);

        assertThat(admin("PUT", "/tenants/it-noexec", body.formatted("{\"backend\": \"disabled\"}")).statusCode())
                .isEqualTo(201);
        String noExecKey = JSON.readTree(admin("POST", "/tenants/it-noexec/keys", "").body()).path("key").asText();
        assertThat(turnAs("it-noexec", noExecKey, "/call exec {\"command\":\"touch forged\"}").path("reply").asText())
                .contains("Tool 'exec' not found");
        assertThat(home.resolve("data/tenants/it-noexec/workspace/forged")).doesNotExist();

        HttpResponse<String> malformed = http.send(HttpRequest.newBuilder(URI.create(base() + "/v1/tenants/it-live/turns"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"session\":")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(malformed.body()).path("error").path("code").asText()).isEqualTo("invalid_json");

        assertThat(admin("DELETE", "/tenants/it-live", null).statusCode()).isEqualTo(200);
        assertThat(turnStatus("it-live", key)).isEqualTo(404);
        assertThat(JSON.readTree(admin("GET", "/tenants", null).body()).toString()).doesNotContain("it-live");
        assertThat(Files.readString(home.resolve("logs/platform.log"))).contains("worker for tenant it-live stopped");
        // the admin API wrote the copy in TALON_HOME, never the repository's config
        assertThat(Files.readString(home.resolve("tenants.yaml"))).contains("it-noexec");
        assertThat(Files.readAllBytes(PROJECT.resolve("config/tenants.yaml"))).isEqualTo(repoTenants);
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + "/v1/admin" + path))
                .header("Authorization", "Bearer admin-key").header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60));
        return http.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode turnAs(String tenant, String key, String message) throws Exception {
        String body = JSON.createObjectNode().put("session", "s").put("message", message).toString();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base() + "/v1/tenants/" + tenant + "/turns"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private int turnStatus(String tenant, String key) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + "/v1/tenants/" + tenant + "/turns"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"session\":\"s\",\"message\":\"hi\"}")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private Process up(String name) throws Exception {
        Process process = talon(List.of("up"), name);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("bin/talon up exited: " + Files.readString(home.resolve(name + ".out")));
            }
            if (Files.readString(home.resolve(name + ".out")).contains("Talon is up")) {
                return process;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("bin/talon up did not come up: " + Files.readString(home.resolve(name + ".out")));
    }

    private Process talon(List<String> args, String name) throws IOException {
        List<String> command = new ArrayList<>(List.of(PROJECT.resolve("bin/talon").toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(PROJECT.toFile())
                .redirectErrorStream(true).redirectOutput(home.resolve(name + ".out").toFile());
        Map<String, String> env = builder.environment();
        env.put("TALON_HOME", home.toString());
        env.put("TALON_PORT", String.valueOf(port));
        env.put("TALON_TEMPORAL_PORT", String.valueOf(temporalPort));
        env.put("TALON_TEMPORAL_UI_PORT", String.valueOf(uiPort));
        env.put("TALON_SKIP_BUILD", "1");
        env.remove("TALON_URL");
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private long pid(String name) throws IOException {
        return Long.parseLong(Files.readString(home.resolve("run/" + name + ".pid")).strip());
    }

    private HttpResponse<String> post(String key, String session, String message) throws Exception {
        String body = JSON.createObjectNode().put("session", session).put("message", message).toString();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/tenants/demo/turns"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode turn(String key, String session, String message) throws Exception {
        HttpResponse<String> response = post(key, session, message);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
