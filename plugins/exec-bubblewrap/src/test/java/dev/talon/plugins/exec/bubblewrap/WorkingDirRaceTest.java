package dev.talon.plugins.exec.bubblewrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.api.ExecRequest;
import dev.talon.api.ExecResult;
import dev.talon.plugintest.MapPluginContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack on a working directory, as a tenant would make it: one session's command swaps a directory of the
 * workspace with a symbolic link to a host directory (rename-exchange, in a loop), while another session's
 * commands run in that directory. Whatever the backend resolves on the host, the swapper can change under it.
 */
@Tag("hostile-model")
@DisplayName("working_dir race in bubblewrap: a directory swapped with a link to a host directory never becomes "
        + "the sandbox's writable working directory")
class WorkingDirRaceTest {

    private static final int TRIES = 300;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    private final BubblewrapExecBackend backend = new BubblewrapExecBackend(MapPluginContext.none("exec-bubblewrap"));
    private Path workspace;

    @BeforeAll
    static void bubblewrapWorks() {
        RealBubblewrap.assertWorks();
    }

    @Test
    void hundredsOfCommandsInADirectoryBeingSwappedWithALinkNeverWriteOutsideTheWorkspace() throws Exception {
        workspace = Files.createDirectories(dataDir.resolve("tenants/acme/workspace")).toRealPath();
        // the host directory the link points at: another tenant's workspace
        Path victim = Files.createDirectories(dataDir.resolve("tenants/rival/workspace")).toRealPath();
        RenameExchanger.compile(workspace.resolve("swap"));

        // session s1: makes the directory and the link itself, then swaps them until told to stop
        CompletableFuture<ExecResult> swapper = CompletableFuture.supplyAsync(() -> run(
                "mkdir d && ln -s " + victim + " l && touch ready && ./swap d l stop", Path.of("")));
        awaitFile(workspace.resolve("ready"), swapper);

        // session s2: the victim of the race, as tools-shell hands it working_dir "d"
        int ranInD = 0;
        int noSuchDirectory = 0;
        for (int i = 0; i < TRIES; i++) {
            ExecResult result = run("touch escaped-" + i + " && echo ran", Path.of("d"));
            if (result.stdout().equals("ran\n")) {
                ranInD++;
            } else if (result.stderr().contains("No such file or directory")) {
                noSuchDirectory++; // at that instant d was the link, which leads nowhere inside the sandbox
            }
        }
        Files.createFile(workspace.resolve("stop"));
        ExecResult swapped = swapper.get();

        assertThat(swapped.stdout()).as("the swapper ran: " + swapped.stderr()).startsWith("swaps ");
        assertThat(ranInD + noSuchDirectory).as("every try either ran in d or found the link").isEqualTo(TRIES);
        assertThat(noSuchDirectory).as("tries that met the link: the race was on").isPositive();
        try (Stream<Path> files = Files.list(victim)) {
            assertThat(files.map(Path::getFileName).map(Path::toString).toList())
                    .as("files the commands made in the host directory").isEmpty();
        }
        try (Stream<Path> made = Files.walk(workspace)) {
            List<String> escaped = made.map(Path::getFileName).map(Path::toString)
                    .filter(name -> name.startsWith("escaped-")).toList();
            assertThat(escaped).as("every command that ran wrote inside the workspace").hasSize(ranInD);
        }
    }

    // The request as tools-shell made it before the workspace root was part of it (the real workspace and the
    // directory's name, checked a moment earlier): the root is then inferred from the layout, never looked up.
    private ExecResult run(String command, Path workDir) {
        try {
            return backend.exec(new ExecRequest(command, workspace.resolve(workDir), TIMEOUT, Map.of(), "acme",
                    workDir.toString().isEmpty() ? "s1" : "s2"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitFile(Path file, CompletableFuture<ExecResult> writer) throws InterruptedException {
        while (!Files.exists(file)) {
            assertThat(writer).as("the swapper stopped early: " + (writer.isDone() ? writer.join() : "")).isNotDone();
            Thread.sleep(10);
        }
    }
}
