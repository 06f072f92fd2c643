package dev.talon.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the session files of a tenant hold, read straight from disk: how many lines each turn left, and
 * which lines are stored more than once. A line is a duplicate when its (turn_id, role, content,
 * tool_call_id) was already seen, in any session.
 *
 * @param linesPerTurn   stored message lines per turn id
 * @param roles          the roles of each turn's lines, in file order
 * @param duplicates     how many lines repeat an earlier one
 * @param duplicateLines the repeated lines, for the error message
 */
public record SessionAudit(Map<String, Integer> linesPerTurn, Map<String, List<String>> roles, int duplicates,
                           List<String> duplicateLines) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static SessionAudit of(Path sessionsDir) throws IOException {
        Map<String, Integer> perTurn = new TreeMap<>();
        Map<String, List<String>> roles = new TreeMap<>();
        Set<List<String>> seen = new HashSet<>();
        List<String> repeated = new ArrayList<>();
        if (!Files.isDirectory(sessionsDir)) {
            return new SessionAudit(perTurn, roles, 0, repeated);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(sessionsDir)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
        for (Path file : files) {
            for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (text.isBlank()) {
                    continue;
                }
                JsonNode line = JSON.readTree(text);
                if ("metadata".equals(line.path("_type").asText())) {
                    continue;
                }
                String turnId = line.path("turn_id").asText("");
                String role = line.path("role").asText("");
                perTurn.merge(turnId, 1, Integer::sum);
                roles.computeIfAbsent(turnId, t -> new ArrayList<>()).add(role);
                List<String> key = List.of(turnId, role, line.path("content").asText(""),
                        line.path("tool_call_id").asText(""));
                if (!seen.add(key)) {
                    repeated.add(file.getFileName() + ": " + text);
                }
            }
        }
        return new SessionAudit(perTurn, roles, repeated.size(), repeated);
    }

    public int linesOf(String turnId) {
        return linesPerTurn.getOrDefault(turnId, 0);
    }

    public List<String> rolesOf(String turnId) {
        return roles.getOrDefault(turnId, List.of());
    }
}
