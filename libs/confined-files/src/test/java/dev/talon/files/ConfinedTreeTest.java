package dev.talon.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.talon.api.WorkspaceEntry.Kind;
import dev.talon.api.WorkspaceFileException;
import dev.talon.api.WorkspaceFileException.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfinedTreeTest {

    @TempDir
    Path dir;

    private Path tree() throws Exception {
        return Files.createDirectories(dir.resolve("tree"));
    }

    @Test
    void readsWritesAndListsInsideTheTree() throws Exception {
        ConfinedTree files = ConfinedTree.at(tree());
        files.write("a/b/c.txt", "hello".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(files.read("a/b/c.txt", 100), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(new String(files.read("a/./x/../b/c.txt", 100), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(files.kind("a/b")).isEqualTo(Kind.DIRECTORY);
        assertThat(files.kind("a/b/c.txt")).isEqualTo(Kind.FILE);
        assertThat(files.kind("nothing/here")).isEqualTo(Kind.MISSING);
        assertThat(files.list("a", 10).entries()).extracting(e -> e.name() + ":" + e.kind()).containsExactly("b:DIRECTORY");
        assertThat(Files.readString(tree().resolve("a/b/c.txt"))).isEqualTo("hello");
    }

    @Test
    void asRootWhatItCreatesBelongsToTheOwnerOfTheRoot() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "runs as root");
        Files.setAttribute(tree(), "unix:uid", 4321);
        Files.setAttribute(tree(), "unix:gid", 4321);

        ConfinedTree.at(tree()).write("d/e/f.txt", new byte[] {1});

        for (String path : new String[] {"d", "d/e", "d/e/f.txt"}) {
            assertThat(Files.getAttribute(tree().resolve(path), "unix:uid")).as(path).isEqualTo(4321);
            assertThat(Files.getAttribute(tree().resolve(path), "unix:gid")).as(path).isEqualTo(4321);
        }
    }

    @Test
    void aTreeNotMadeYetHoldsNothing() throws Exception {
        ConfinedTree files = ConfinedTree.at(dir.resolve("never-made"));
        assertThat(files.readIfRegularFile("sessions/s.jsonl", 100)).isEmpty();
        assertThat(files.kind("a")).isEqualTo(Kind.MISSING);
    }

    @Test
    void replacingAFileKeepsItsPermissionsButNeverSetuid() throws Exception {
        Path file = Files.writeString(tree().resolve("run.sh"), "old");
        Files.setAttribute(file, "unix:mode", 04750);
        ConfinedTree.at(tree()).write("run.sh", "new".getBytes(StandardCharsets.UTF_8));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rwxr-x---");
        assertThat(Files.readString(file)).isEqualTo("new");
        try (var names = Files.list(tree())) {
            assertThat(names.map(p -> p.getFileName().toString())).containsExactly("run.sh");
        }
    }

    @Test
    void refusesPathsThatClimbOutOrAreAbsolute() throws Exception {
        ConfinedTree files = ConfinedTree.at(tree());
        for (String path : new String[] {"../x", "a/../../x", "/etc/passwd", "", " ", "a\0b"}) {
            assertThatThrownBy(() -> files.read(path, 10)).as(path)
                    .isInstanceOfSatisfying(WorkspaceFileException.class, e -> assertThat(e.problem()).isEqualTo(Problem.REFUSED));
        }
    }

    @Test
    void neverFollowsALinkForReadingWritingOrListing() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "HOST SECRET");
        Files.createSymbolicLink(tree().resolve("dirlink"), outside);
        Files.createSymbolicLink(tree().resolve("filelink"), outside.resolve("secret"));
        Files.createSymbolicLink(tree().resolve("dangling"), outside.resolve("new-file"));
        ConfinedTree files = ConfinedTree.at(tree());

        assertRefused(() -> files.read("filelink", 100));
        assertRefused(() -> files.read("dirlink/secret", 100));
        assertRefused(() -> files.list("dirlink", 10));
        assertRefused(() -> files.write("dirlink/planted", new byte[] {1}));
        assertThat(files.kind("filelink")).isEqualTo(Kind.LINK);

        // writing to a link's name replaces the link; its target is never created or touched
        files.write("dangling", "mine".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.exists(outside.resolve("new-file"))).isFalse();
        assertThat(Files.isSymbolicLink(tree().resolve("dangling"))).isFalse();
        files.write("filelink", "mine".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(outside.resolve("secret"))).isEqualTo("HOST SECRET");
        try (var names = Files.list(outside)) {
            assertThat(names.map(p -> p.getFileName().toString())).containsExactly("secret");
        }
    }

    @Test
    void aFifoIsRefusedWithoutBlocking() throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", tree().resolve("pipe").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        ConfinedTree files = ConfinedTree.at(tree());
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<?> read = executor.submit(() -> files.read("pipe", 100));
            // a blocked open would never finish; the bound only ends a broken run
            assertThatThrownBy(() -> read.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(WorkspaceFileException.class)
                    .cause().hasMessageContaining("Not a regular file");
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void readsAreCappedBeforeReading() throws Exception {
        Files.write(tree().resolve("big"), new byte[10_000]);
        assertThatThrownBy(() -> ConfinedTree.at(tree()).read("big", 9_999))
                .isInstanceOfSatisfying(WorkspaceFileException.class, e -> assertThat(e.problem()).isEqualTo(Problem.TOO_LARGE));
        assertThat(ConfinedTree.at(tree()).read("big", 10_000)).hasSize(10_000);
    }

    @Test
    void listingKeepsTheFirstNamesAndCountsTheRest() throws Exception {
        for (int i = 0; i < 50; i++) {
            Files.writeString(tree().resolve(String.format("f%02d", 49 - i)), "");
        }
        var listing = ConfinedTree.at(tree()).list(".", 5);
        assertThat(listing.entries()).extracting(e -> e.name()).containsExactly("f00", "f01", "f02", "f03", "f04");
        assertThat(listing.total()).isEqualTo(50);
        assertThat(listing.truncated()).isTrue();
    }

    @Test
    void aDirectorySwappedWithALinkNeverLeadsOut() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("f"), "HOST SECRET");
        Files.writeString(outside.resolve("only-outside"), "");
        Path real = Files.createDirectories(tree().resolve("sub"));
        Files.writeString(real.resolve("f"), "inside");
        Path link = Files.createSymbolicLink(tree().resolve("link"), outside);
        ConfinedTree files = ConfinedTree.at(tree());
        int escapes = 0;
        int tries = 2_000;
        try (Swapper swapper = Swapper.exchanging(real, link)) {
            for (int i = 0; i < tries; i++) {
                try {
                    byte[] read = files.read("sub/f", 100);
                    if (new String(read, StandardCharsets.UTF_8).contains("HOST")) {
                        escapes++;
                    }
                } catch (WorkspaceFileException refused) {
                    // refused or not found while swapped: fine
                }
                try {
                    files.write("sub/w" + i, new byte[] {1});
                } catch (WorkspaceFileException refused) {
                    // fine
                }
                try {
                    if (files.list("sub", 10).entries().stream().anyMatch(e -> e.name().equals("only-outside"))) {
                        escapes++;
                    }
                } catch (WorkspaceFileException refused) {
                    // fine
                }
            }
            assertThat(swapper.swaps()).as("the swapper ran").isPositive();
        }
        try (var names = Files.list(outside)) {
            assertThat(names.map(p -> p.getFileName().toString())).as("nothing written outside")
                    .containsExactlyInAnyOrder("f", "only-outside");
        }
        assertThat(escapes).as("reads or listings that reached the host directory, of " + tries).isZero();
    }

    @Test
    void deletingContentsNeverFollowsALinkEvenWhenSwappedIn() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("keep"), "host file");
        for (int round = 0; round < 50; round++) {
            Path sub = Files.createDirectories(tree().resolve("a/sub"));
            for (int i = 0; i < 20; i++) {
                Files.writeString(sub.resolve("f" + i), "x");
            }
            Path link = Files.createSymbolicLink(tree().resolve("a/link"), outside);
            try (Swapper swapper = Swapper.exchanging(sub, link)) {
                try {
                    ConfinedTree.at(tree()).deleteContents();
                } catch (WorkspaceFileException e) {
                    // names vanishing under the swapper can end a pass; what matters is the host
                }
            }
            ConfinedTree.at(tree()).deleteContents();
            try (var names = Files.list(tree())) {
                assertThat(names).isEmpty();
            }
        }
        assertThat(outside.resolve("keep")).hasContent("host file");
        assertThat(tree()).isDirectory();
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(WorkspaceFileException.class,
                e -> assertThat(e.problem()).isEqualTo(Problem.REFUSED));
    }
}
