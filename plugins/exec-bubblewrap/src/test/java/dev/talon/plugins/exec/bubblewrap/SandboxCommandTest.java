package dev.talon.plugins.exec.bubblewrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SandboxCommandTest {

    private static final Path BWRAP = Path.of("/usr/bin/bwrap");
    private static final Path PRLIMIT = Path.of("/usr/bin/prlimit");
    private static final Path WORKSPACE = Path.of("/data/tenants/acme/workspace");

    @Test
    void networkIsSharedOnlyWhenTheSettingAllowsIt() {
        assertThat(command(SandboxSettings.DEFAULTS)).contains("--unshare-all").doesNotContain("--share-net");
        assertThat(command(withNetwork())).contains("--unshare-all", "--share-net");
    }

    @Test
    void theWorkspaceRootIsTheOnlyReadWriteBindAtAFixedPlace() {
        List<String> args = command(SandboxSettings.DEFAULTS);

        assertThat(pairsAfter(args, "--bind")).containsExactly(WORKSPACE + " /workspace");
        assertThat(args).doesNotContain("--bind-try", "--dev-bind", "--dev-bind-try");
    }

    @Test
    void theWorkingDirectoryIsAPathInsideTheSandboxResolvedThereAfterTheMounts() {
        List<String> args = SandboxCommand.of(SandboxSettings.DEFAULTS, BWRAP, PRLIMIT, WORKSPACE, Path.of("src/main"),
                Map.of(), "pwd");

        assertThat(args.get(args.indexOf("--chdir") + 1)).isEqualTo("/workspace/src/main");
        assertThat(args.indexOf("--chdir")).isGreaterThan(args.lastIndexOf("--bind"));
        assertThat(String.join(" ", args)).doesNotContain(WORKSPACE + "/src");
        assertThat(SandboxCommand.inside(Path.of(""))).isEqualTo("/workspace");
        assertThat(SandboxCommand.inside(Path.of("a/./b/"))).isEqualTo("/workspace/a/b");
    }

    @Test
    void aWorkingDirectoryThatLeavesTheWorkspaceOrIsAbsoluteIsRefused() {
        for (String workDir : List.of("..", "a/../..", "/etc", "/workspace/x")) {
            assertThatThrownBy(() -> SandboxCommand.inside(Path.of(workDir))).as(workDir)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void asRootTheWorkspaceIsHandedOverInAPrivateMountNamespaceAndBwrapRunsAsTheTenantsUid() {
        List<String> bwrap = SandboxCommand.of(SandboxSettings.DEFAULTS, BWRAP, PRLIMIT, RootHandoff.DIRECTORY,
                Path.of(""), Map.of(), "id");
        RootHandoff.Programs programs = new RootHandoff.Programs(Path.of("/usr/bin/unshare"),
                Path.of("/usr/bin/mount"), Path.of("/usr/bin/setpriv"));

        List<String> args = RootHandoff.of(programs, WORKSPACE, 2_000_000_123, bwrap);

        assertThat(args.subList(0, 5)).containsExactly("/usr/bin/unshare", "--mount", "--propagation", "private", "--");
        assertThat(args.subList(5, 12)).containsExactly("/bin/sh", "-c", RootHandoff.SCRIPT, RootHandoff.SCRIPT_NAME,
                "/usr/bin/mount", WORKSPACE.toString(), RootHandoff.DIRECTORY.toString());
        assertThat(args.subList(12, 12 + 8)).containsExactly("/usr/bin/setpriv", "--reuid=2000000123",
                "--regid=2000000123", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs",
                BWRAP.toString());
        assertThat(args.subList(19, args.size())).isEqualTo(bwrap);
        assertThat(pairsAfter(bwrap, "--bind")).containsExactly(RootHandoff.DIRECTORY + " /workspace");
    }

    @Test
    void etcIsNotBoundWholeAndItsSecretsNotAtAll() {
        List<String> readOnly = pairsAfter(command(SandboxSettings.DEFAULTS), "--ro-bind-try");

        assertThat(readOnly).contains("/etc/passwd /etc/passwd", "/etc/resolv.conf /etc/resolv.conf")
                .noneMatch(pair -> pair.startsWith("/etc "))
                .noneMatch(pair -> pair.contains("shadow") || pair.contains("npmrc") || pair.contains("pip.conf"));
        assertThat(pairsAfter(command(SandboxSettings.DEFAULTS), "--ro-bind")).doesNotContain("/etc /etc", "/ /");
    }

    @Test
    void theRootIsRemountedReadOnlyAfterEveryMount() {
        List<String> args = command(SandboxSettings.DEFAULTS);

        int remount = args.indexOf("--remount-ro");
        assertThat(args.get(remount + 1)).isEqualTo("/");
        assertThat(args.subList(remount, args.indexOf("--")))
                .doesNotContain("--bind", "--ro-bind", "--ro-bind-try", "--tmpfs", "--proc", "--dev");
    }

    @Test
    void theCommandRunsUnderPrlimitWithTheLimitsAndNoCoreDumps() {
        List<String> args = command(SandboxSettings.DEFAULTS);

        assertThat(args.subList(args.indexOf("--"), args.size())).containsExactly("--", PRLIMIT.toString(),
                "--as=" + 1024L * 1024 * 1024, "--cpu=60", "--nproc=256", "--core=0", "--", "/bin/sh", "-c", "echo hi");
    }

    @Test
    void environmentIsClearedThenSetFromTheSandboxAndTheRequest() {
        List<String> args = SandboxCommand.of(SandboxSettings.DEFAULTS, BWRAP, PRLIMIT, WORKSPACE, Path.of("sub"),
                Map.of("GREETING", "hi", "LANG", "en_GB.UTF-8"), "env");

        assertThat(args.indexOf("--clearenv")).isLessThan(args.indexOf("--setenv"));
        assertThat(pairsAfter(args, "--setenv")).containsExactly("GREETING hi", "HOME /workspace",
                "LANG en_GB.UTF-8", "PATH " + SandboxCommand.PATH, "TERM dumb");
    }

    @Test
    void anEnvironmentVariableNameThatIsNotOneIsRefused() {
        assertThatThrownBy(() -> SandboxCommand.of(SandboxSettings.DEFAULTS, BWRAP, PRLIMIT, WORKSPACE, Path.of(""),
                Map.of("A=B", "x"), "env"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("A=B");
    }

    private static SandboxSettings withNetwork() {
        SandboxSettings d = SandboxSettings.DEFAULTS;
        return new SandboxSettings(d.memoryMb(), d.cpuSeconds(), d.maxProcesses(), true, d.tmpMb(), List.of(),
                Optional.empty(), d.uids());
    }

    private static List<String> command(SandboxSettings settings) {
        return SandboxCommand.of(settings, BWRAP, PRLIMIT, WORKSPACE, Path.of(""), Map.of(), "echo hi");
    }

    // the two arguments of every occurrence of an option (SRC DEST, NAME VALUE), before the command
    private static List<String> pairsAfter(List<String> args, String option) {
        List<String> pairs = new ArrayList<>();
        int end = args.indexOf("--");
        for (int i = 0; i < end; i++) {
            if (args.get(i).equals(option)) {
                pairs.add(args.get(i + 1) + " " + args.get(i + 2));
                i += 2;
            }
        }
        return pairs;
    }
}
