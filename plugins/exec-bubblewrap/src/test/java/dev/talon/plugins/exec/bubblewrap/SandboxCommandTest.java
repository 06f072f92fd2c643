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
    void theWorkspaceIsTheOnlyReadWriteBind() {
        List<String> args = command(SandboxSettings.DEFAULTS);

        assertThat(pairsAfter(args, "--bind")).containsExactly(WORKSPACE + " " + WORKSPACE);
        assertThat(args).doesNotContain("--bind-try", "--dev-bind", "--dev-bind-try");
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
        List<String> args = SandboxCommand.of(SandboxSettings.DEFAULTS, BWRAP, PRLIMIT, WORKSPACE, WORKSPACE.resolve("sub"),
                Map.of("GREETING", "hi", "LANG", "en_GB.UTF-8"), "env");

        assertThat(args.indexOf("--clearenv")).isLessThan(args.indexOf("--setenv"));
        assertThat(pairsAfter(args, "--setenv")).containsExactly("GREETING hi", "HOME " + WORKSPACE.resolve("sub"),
                "LANG en_GB.UTF-8", "PATH " + SandboxCommand.PATH, "TERM dumb");
    }

    @Test
    void anEnvironmentVariableNameThatIsNotOneIsRefused() {
        assertThatThrownBy(() -> SandboxCommand.of(SandboxSettings.DEFAULTS, BWRAP, PRLIMIT, WORKSPACE, WORKSPACE,
                Map.of("A=B", "x"), "env"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("A=B");
    }

    @Test
    void writableRootOfASubdirectoryIsTheTenantsWorkspace() {
        assertThat(SandboxCommand.writableRoot(WORKSPACE.resolve("src/main"), "acme")).isEqualTo(WORKSPACE);
        assertThat(SandboxCommand.writableRoot(WORKSPACE, "acme")).isEqualTo(WORKSPACE);
    }

    @Test
    void writableRootIsTheNearestWorkspaceSoAFakeLayoutInsideOnlyNarrowsIt() {
        Path inner = WORKSPACE.resolve("copy/tenants/acme/workspace");

        assertThat(SandboxCommand.writableRoot(inner.resolve("x"), "acme")).isEqualTo(inner);
    }

    @Test
    void writableRootIsTheWorkDirOutsideThePlatformsLayoutOrForAnotherTenantsName() {
        Path elsewhere = Path.of("/srv/projects/demo");

        assertThat(SandboxCommand.writableRoot(elsewhere, "acme")).isEqualTo(elsewhere);
        assertThat(SandboxCommand.writableRoot(WORKSPACE.resolve("sub"), "rival")).isEqualTo(WORKSPACE.resolve("sub"));
        assertThat(SandboxCommand.writableRoot(WORKSPACE.resolve("sub"), "")).isEqualTo(WORKSPACE.resolve("sub"));
    }

    private static SandboxSettings withNetwork() {
        SandboxSettings d = SandboxSettings.DEFAULTS;
        return new SandboxSettings(d.memoryMb(), d.cpuSeconds(), d.maxProcesses(), true, d.tmpMb(), List.of(),
                Optional.empty());
    }

    private static List<String> command(SandboxSettings settings) {
        return SandboxCommand.of(settings, BWRAP, PRLIMIT, WORKSPACE, WORKSPACE, Map.of(), "echo hi");
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
