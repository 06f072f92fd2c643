package dev.talon.platform.prompt;

import java.util.List;

/**
 * One skill of the tenant's workspace, {@code skills/{name}/SKILL.md}, as its frontmatter describes it.
 *
 * @param name        the directory name
 * @param description what the skill is for (one line, cut)
 * @param always      put the whole skill in every system prompt instead of listing it
 * @param bins        programs the skill needs in the sandbox
 * @param env         environment variables the skill needs in the sandbox
 * @param body        the file after its frontmatter
 */
record Skill(String name, String description, boolean always, List<String> bins, List<String> env, String body) {

    Skill {
        bins = List.copyOf(bins);
        env = List.copyOf(env);
    }

    String path() {
        return "skills/" + name + "/SKILL.md";
    }
}
