package dev.talon.platform.prompt;

import dev.talon.api.WorkspaceEntry;
import dev.talon.api.WorkspaceFileException;
import dev.talon.api.WorkspaceFiles;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The skills part of the system prompt, from {@code skills/{name}/SKILL.md} in the workspace: skills marked
 * {@code always} in whole, the others by name and description for the model to read on demand, each marked
 * unavailable when the sandbox lacks what it requires. A file that is not a skill (a link, too big, bad YAML) is
 * left out with a note the model and the tenant can read; it never fails the turn.
 */
final class SkillsSection {

    static final String DIRECTORY = "skills";
    static final long MAX_SKILL_BYTES = 64 * 1024;
    static final int MAX_SKILLS = 64;
    static final int MAX_ALWAYS_CHARS = 24_000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final System.Logger LOG = System.getLogger(SkillsSection.class.getName());

    private SkillsSection() {
    }

    /** The section, or empty when the workspace has no skills. */
    static Optional<String> render(WorkspaceFiles workspace, SandboxProbe probe, SandboxProbe.Target target) {
        List<String> notes = new ArrayList<>();
        List<Skill> skills = read(workspace, notes, target.tenant());
        if (skills.isEmpty() && notes.isEmpty()) {
            return Optional.empty();
        }
        Set<String> bins = new LinkedHashSet<>();
        Set<String> env = new LinkedHashSet<>();
        skills.forEach(skill -> {
            bins.addAll(skill.bins());
            env.addAll(skill.env());
        });
        Optional<SandboxProbe.Found> found = probe.probe(target, bins, env);
        StringBuilder out = new StringBuilder("# Skills\n\nSkills are instructions kept in the workspace as ")
                .append("skills/{name}/SKILL.md. Read a listed skill with read_file before you follow it. ")
                .append("A skill marked unavailable needs programs or environment variables the sandbox lacks.");
        StringBuilder listed = new StringBuilder();
        int alwaysChars = 0;
        for (Skill skill : skills) {
            String missing = missing(skill, found);
            boolean inline = skill.always() && missing.isEmpty() && alwaysChars + skill.body().length() <= MAX_ALWAYS_CHARS;
            if (inline) {
                alwaysChars += skill.body().length();
                out.append("\n\n## Skill: ").append(skill.name()).append(" (always active)\n\n").append(skill.body());
                continue;
            }
            listed.append("\n- ").append(skill.name()).append(": ").append(skill.description())
                    .append(" (").append(skill.path()).append(')');
            if (!missing.isEmpty()) {
                listed.append(" — ").append(missing);
            } else if (skill.always()) {
                listed.append(" — always active, but too long to include: read it");
            }
        }
        if (!listed.isEmpty()) {
            out.append("\n\n## Available skills\n").append(listed);
        }
        if (!notes.isEmpty()) {
            out.append("\n\n## Skills left out\n");
            notes.forEach(note -> out.append("\n- ").append(note));
        }
        return Optional.of(out.toString());
    }

    /** "unavailable: ..." or "requirements unknown: ...", or empty when the skill can run. */
    private static String missing(Skill skill, Optional<SandboxProbe.Found> found) {
        if (skill.bins().isEmpty() && skill.env().isEmpty()) {
            return "";
        }
        if (found.isEmpty()) {
            return "requirements unknown (no shell to check " + String.join(", ", requirements(skill)) + ")";
        }
        List<String> absent = new ArrayList<>();
        skill.bins().stream().filter(bin -> !found.get().bins().contains(bin)).forEach(bin -> absent.add("program " + bin));
        skill.env().stream().filter(name -> !found.get().env().contains(name)).forEach(name -> absent.add("env " + name));
        return absent.isEmpty() ? "" : "unavailable: missing " + String.join(", ", absent);
    }

    private static List<String> requirements(Skill skill) {
        List<String> all = new ArrayList<>();
        skill.bins().forEach(bin -> all.add("program " + bin));
        skill.env().forEach(name -> all.add("env " + name));
        return all;
    }

    private static List<Skill> read(WorkspaceFiles workspace, List<String> notes, String tenant) {
        WorkspaceFiles.DirectoryListing listing;
        try {
            if (workspace.kind(DIRECTORY) == WorkspaceEntry.Kind.MISSING) {
                return List.of();
            }
            listing = workspace.list(DIRECTORY, MAX_SKILLS);
        } catch (WorkspaceFileException e) {
            notes.add(DIRECTORY + "/ cannot be read: " + e.getMessage());
            return List.of();
        }
        if (listing.truncated()) {
            notes.add("only the first " + MAX_SKILLS + " of " + listing.total() + " skill folders are read");
        }
        List<Skill> skills = new ArrayList<>();
        for (WorkspaceEntry entry : listing.entries()) {
            if (!NAME.matcher(entry.name()).matches()) {
                notes.add("a folder in skills/ whose name is not allowed (letters, digits, . _ - only, at most 64)");
                continue;
            }
            if (entry.kind() != WorkspaceEntry.Kind.DIRECTORY) {
                if (entry.kind() == WorkspaceEntry.Kind.LINK) {
                    notes.add("skills/" + entry.name() + " is a link; skills are read from real folders only");
                }
                continue;
            }
            String path = DIRECTORY + "/" + entry.name() + "/SKILL.md";
            try {
                String text = new String(workspace.read(path, MAX_SKILL_BYTES), StandardCharsets.UTF_8);
                skills.add(SkillFile.parse(entry.name(), text));
            } catch (WorkspaceFileException e) {
                notes.add(path + ": " + switch (e.problem()) {
                    case NOT_FOUND -> "missing";
                    case TOO_LARGE -> "larger than " + MAX_SKILL_BYTES + " bytes";
                    case NOT_A_FILE, REFUSED -> "not a regular file (links are not followed)";
                    default -> "cannot be read: " + e.getMessage();
                });
            } catch (InvalidSkillException e) {
                notes.add(path + ": " + e.getMessage());
                LOG.log(System.Logger.Level.INFO, "tenant {0}: skill {1} left out: {2}", tenant, path, e.getMessage());
            }
        }
        return skills;
    }
}
