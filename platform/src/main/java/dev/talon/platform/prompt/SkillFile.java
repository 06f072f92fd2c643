package dev.talon.platform.prompt;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.talon.api.TextCut;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Parses a SKILL.md: an optional YAML frontmatter between {@code ---} lines, then the skill's text. The model may
 * have written the file, so the YAML parser is held short (few aliases, shallow nesting, a small document) and
 * every value is checked before it reaches a prompt or a shell probe.
 */
final class SkillFile {

    /** Program names as {@code command -v} takes them; nothing a shell would read as syntax. */
    private static final Pattern BIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");
    private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final int MAX_DESCRIPTION_CHARS = 300;
    private static final int MAX_REQUIREMENTS = 16;
    private static final int MAX_FRONTMATTER_CHARS = 8_000;

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder().loaderOptions(loaderOptions()).build());

    private SkillFile() {
    }

    /** The skill, or an {@link InvalidSkillException} saying why the file is not one. */
    static Skill parse(String name, String text) throws InvalidSkillException {
        String normalized = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<String> lines = normalized.lines().toList();
        if (lines.isEmpty() || !lines.getFirst().strip().equals("---")) {
            return new Skill(name, firstLine(normalized, name), false, List.of(), List.of(), normalized.strip());
        }
        int end = -1;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.equals("---") || line.equals("...")) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            throw new InvalidSkillException("the frontmatter has no closing --- line");
        }
        String frontmatter = String.join("\n", lines.subList(1, end));
        if (frontmatter.length() > MAX_FRONTMATTER_CHARS) {
            throw new InvalidSkillException("the frontmatter is longer than " + MAX_FRONTMATTER_CHARS + " characters");
        }
        String body = String.join("\n", lines.subList(end + 1, lines.size())).strip();
        JsonNode yaml = read(frontmatter);
        // nanobot keeps always and requires under metadata.nanobot; Talon reads them at the top level too
        JsonNode nanobot = yaml.path("metadata").path("nanobot");
        JsonNode requires = yaml.has("requires") ? yaml.get("requires") : nanobot.path("requires");
        if (!requires.isMissingNode() && !requires.isNull() && !requires.isObject()) {
            throw new InvalidSkillException("requires must be a mapping with bins and env");
        }
        return new Skill(name, description(yaml.path("description"), body, name),
                flag(yaml.has("always") ? yaml.get("always") : nanobot.path("always")),
                names(requires.path("bins"), BIN, "requires.bins"), names(requires.path("env"), ENV, "requires.env"),
                body);
    }

    private static JsonNode read(String frontmatter) throws InvalidSkillException {
        if (frontmatter.isBlank()) {
            return YAML.createObjectNode();
        }
        JsonNode yaml;
        try {
            yaml = YAML.readTree(frontmatter);
        } catch (JacksonException | IllegalStateException e) {
            // the parser's own words, cut: it may quote the hostile document
            throw new InvalidSkillException("the frontmatter is not valid YAML: "
                    + TextCut.head(String.valueOf(e.getMessage()).lines().findFirst().orElse(""), 160));
        }
        if (yaml == null || yaml.isMissingNode() || yaml.isNull()) {
            return YAML.createObjectNode();
        }
        if (!yaml.isObject()) {
            throw new InvalidSkillException("the frontmatter must be a YAML mapping");
        }
        return yaml;
    }

    private static String description(JsonNode node, String body, String name) throws InvalidSkillException {
        if (node.isMissingNode() || node.isNull()) {
            return firstLine(body, name);
        }
        if (!node.isValueNode()) {
            throw new InvalidSkillException("description must be text");
        }
        return oneLine(node.asText());
    }

    private static boolean flag(JsonNode node) throws InvalidSkillException {
        if (node.isMissingNode() || node.isNull()) {
            return false;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        String text = node.asText().strip().toLowerCase(Locale.ROOT);
        if (node.isTextual() && (text.equals("true") || text.equals("false"))) {
            return text.equals("true");
        }
        throw new InvalidSkillException("always must be true or false");
    }

    private static List<String> names(JsonNode node, Pattern allowed, String field) throws InvalidSkillException {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
        } else {
            items.add(node);
        }
        if (items.size() > MAX_REQUIREMENTS) {
            throw new InvalidSkillException(field + " lists more than " + MAX_REQUIREMENTS + " names");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode item : items) {
            if (!item.isTextual() || !allowed.matcher(item.asText()).matches()) {
                throw new InvalidSkillException(field + " has a name that is not allowed: letters, digits and "
                        + (allowed == BIN ? "._+-" : "_") + " only");
            }
            names.add(item.asText());
        }
        return names;
    }

    private static String firstLine(String text, String fallback) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.equals("---"))
                .map(line -> line.replaceFirst("^#+\\s*", "")).findFirst().map(SkillFile::oneLine).orElse(fallback);
    }

    // One line, no control characters, cut: the description sits in a list in the system prompt.
    private static String oneLine(String text) {
        String flat = text.replaceAll("\\p{Cntrl}+", " ").strip();
        return flat.length() > MAX_DESCRIPTION_CHARS ? TextCut.head(flat, MAX_DESCRIPTION_CHARS) + "…" : flat;
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(8);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(16);
        options.setCodePointLimit(MAX_FRONTMATTER_CHARS * 2);
        options.setAllowDuplicateKeys(false);
        return options;
    }
}
