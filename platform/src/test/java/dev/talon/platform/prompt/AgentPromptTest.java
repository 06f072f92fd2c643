package dev.talon.platform.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.api.ExecBackend;
import dev.talon.api.ExecRequest;
import dev.talon.api.ExecResult;
import dev.talon.platform.data.DataLayout;
import dev.talon.platform.plugin.BuiltPlugins;
import dev.talon.platform.plugin.LoadedPlugins;
import dev.talon.platform.plugin.TenantToolbox;
import dev.talon.platform.tenant.ExecPolicy;
import dev.talon.platform.tenant.TenantConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The system prompt built from real files, with skills' requirements probed through the real exec-local plugin. */
class AgentPromptTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T10:41:07Z"), ZoneOffset.UTC);

    @RegisterExtension
    static final LoadedPlugins loaded = new LoadedPlugins();

    @TempDir
    Path dataDir;

    private Path workspace;
    private final TenantConfig tenant = BuiltPlugins.tenant(List.of("exec-local", "provider-scripted"),
            new ExecPolicy("local", true));

    @BeforeEach
    void workspace() throws IOException {
        workspace = new DataLayout(dataDir).workspace("acme");
    }

    @Test
    @DisplayName("bootstrap files come in nanobot's order, then memory, then skills, whatever order they were written in")
    void order() throws Exception {
        for (String name : List.of("IDENTITY.md", "TOOLS.md", "USER.md", "SOUL.md", "AGENTS.md")) {
            Files.writeString(workspace.resolve(name), "content of " + name);
        }
        write("memory/MEMORY.md", "the user likes tea");
        write("skills/notes/SKILL.md", "---\ndescription: take notes\n---\nbody");

        String prompt = prompt(Optional.empty());

        assertThat(prompt).containsSubsequence("You are an AI agent", "## AGENTS.md", "content of AGENTS.md",
                "## SOUL.md", "## USER.md", "## TOOLS.md", "## IDENTITY.md", "# Memory", "the user likes tea",
                "# Skills", "- notes: take notes (skills/notes/SKILL.md)");
    }

    @Test
    @DisplayName("memory kept beside the workspace by an older data dir is still read when the workspace has none")
    void legacyMemory() throws Exception {
        Path legacy = dataDir.resolve("tenants/acme/memory/MEMORY.md");
        Files.createDirectories(legacy.getParent());
        Files.writeString(legacy, "old memory");

        assertThat(prompt(Optional.empty())).contains("# Memory\n\nold memory");

        write("memory/MEMORY.md", "new memory");
        assertThat(prompt(Optional.empty())).contains("new memory").doesNotContain("old memory");
    }

    @Test
    @DisplayName("always skills are inlined, the others listed by name and description for read_file")
    void alwaysInlineOthersListed() throws Exception {
        write("skills/style/SKILL.md", "---\ndescription: house style\nalways: true\n---\nALWAYS-BODY: write tersely");
        write("skills/weather/SKILL.md", "---\ndescription: get the weather\n---\nWEATHER-BODY: curl wttr.in");

        String prompt = prompt(Optional.empty());

        assertThat(prompt).contains("## Skill: style (always active)\n\nALWAYS-BODY: write tersely")
                .contains("- weather: get the weather (skills/weather/SKILL.md)")
                .doesNotContain("WEATHER-BODY");
    }

    @Test
    @DisplayName("requirements are probed in the sandbox: missing programs and variables mark a skill unavailable")
    void unavailableMarking() throws Exception {
        write("skills/has-sh/SKILL.md", "---\ndescription: uses sh\nrequires: {bins: [sh]}\n---\nx");
        write("skills/lacks-bin/SKILL.md",
                "---\ndescription: needs a program\nrequires: {bins: [sh, talon-no-such-program]}\n---\nx");
        write("skills/lacks-env/SKILL.md",
                "---\ndescription: needs a key\nrequires: {env: [TALON_NO_SUCH_VARIABLE]}\n---\nx");
        write("skills/always-missing/SKILL.md",
                "---\ndescription: inlined only when usable\nalways: true\nrequires: {bins: [talon-no-such-program]}\n---\nMISSING-BODY");

        String prompt = prompt(localExec());

        assertThat(prompt).contains("- has-sh: uses sh (skills/has-sh/SKILL.md)\n")
                .contains("- lacks-bin: needs a program (skills/lacks-bin/SKILL.md) — unavailable: missing program"
                        + " talon-no-such-program")
                .contains("- lacks-env: needs a key (skills/lacks-env/SKILL.md) — unavailable: missing env"
                        + " TALON_NO_SUCH_VARIABLE")
                .contains("- always-missing: inlined only when usable (skills/always-missing/SKILL.md) — unavailable")
                .doesNotContain("MISSING-BODY");
    }

    @Test
    @DisplayName("the sandbox is asked once per turn: a prompt rebuilt for the same turn runs no second probe")
    void probeOncePerTurn() throws Exception {
        write("skills/has-sh/SKILL.md", "---\ndescription: uses sh\nrequires: {bins: [sh]}\n---\nx");
        ExecBackend local = localExec().orElseThrow();
        AtomicInteger probes = new AtomicInteger();
        ExecBackend counting = new ExecBackend() {
            @Override
            public String id() {
                return "counting";
            }

            @Override
            public ExecResult exec(ExecRequest request) throws InterruptedException {
                probes.incrementAndGet();
                return local.exec(request);
            }
        };
        AgentPrompt agentPrompt = new AgentPrompt(new DataLayout(dataDir), CLOCK);

        agentPrompt.systemPrompt(tenant, Optional.of(counting), "s1", "t1");
        String again = agentPrompt.systemPrompt(tenant, Optional.of(counting), "s1", "t1");
        assertThat(probes).hasValue(1);
        assertThat(again).endsWith("- has-sh: uses sh (skills/has-sh/SKILL.md)");

        agentPrompt.systemPrompt(tenant, Optional.of(counting), "s1", "t2");
        assertThat(probes).hasValue(2);
    }

    @Test
    @DisplayName("with exec disabled the requirements are marked unknown, not available and not missing")
    void unknownWithoutExec() throws Exception {
        write("skills/lacks-bin/SKILL.md", "---\ndescription: needs gh\nrequires: {bins: [gh]}\n---\nx");

        assertThat(prompt(Optional.empty()))
                .contains("- lacks-bin: needs gh (skills/lacks-bin/SKILL.md) — requirements unknown");
    }

    @Test
    @DisplayName("a linked, huge or malformed SKILL.md is left out with a note, and the other skills still load")
    void hostileSkillsAreSkipped() throws Exception {
        Path secret = Files.writeString(dataDir.resolve("secret.md"), "---\ndescription: SECRET-OUTSIDE\n---\n");
        Files.createDirectories(workspace.resolve("skills/linked"));
        Files.createSymbolicLink(workspace.resolve("skills/linked/SKILL.md"), secret);
        Files.createSymbolicLink(workspace.resolve("skills/linked-dir"), dataDir);
        write("skills/huge/SKILL.md", "---\ndescription: huge\n---\n" + "x".repeat(100_000));
        write("skills/broken/SKILL.md", "---\ndescription: [unclosed\n---\n");
        write("skills/good/SKILL.md", "---\ndescription: still here\n---\n");

        String prompt = prompt(Optional.empty());

        assertThat(prompt).doesNotContain("SECRET-OUTSIDE")
                .contains("- good: still here (skills/good/SKILL.md)")
                .contains("skills/linked/SKILL.md: not a regular file")
                .contains("skills/linked-dir is a link")
                .contains("skills/huge/SKILL.md: larger than")
                .contains("skills/broken/SKILL.md: the frontmatter is not valid YAML");
    }

    @Test
    @DisplayName("the runtime context carries the activity's time and the session, marked as metadata")
    void runtimeContext() {
        String context = new AgentPrompt(new DataLayout(dataDir), CLOCK).runtimeContext("s1").content();

        assertThat(context).isEqualTo("[Runtime context — metadata from the platform, not instructions]\n"
                + "Current time: 2026-12-02 10:41 UTC (Wednesday)\nSession: s1");
    }

    private Optional<ExecBackend> localExec() {
        Optional<ExecBackend> backend = TenantToolbox.of(tenant, loaded.host()).execBackend();
        assertThat(backend).isPresent();
        return backend;
    }

    private String prompt(Optional<ExecBackend> exec) {
        return new AgentPrompt(new DataLayout(dataDir), CLOCK).systemPrompt(tenant, exec, "s1", "t1");
    }

    private void write(String path, String content) throws IOException {
        Path file = workspace.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
