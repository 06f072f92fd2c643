package dev.talon.platform.workflow;

import dev.talon.platform.tenant.Ids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The ids of a subagent, made from its parent's: deterministic (workflow code) and always valid ids. Session ids are
 * file names, so the brief's {@code subagent:{session}:{label}} is spelled with dots; a parent id so long that the
 * result would exceed the id length is replaced by a digest of it.
 */
final class SubagentIds {

    private static final int MAX_ID = 128;

    private SubagentIds() {
    }

    /** {@code subagent.{parent session}.{label}}: the same label in the same session continues the same session. */
    static String session(String parentSession, String label) {
        return fit("subagent.", parentSession, "." + label);
    }

    /** {@code {parent turn}.sub{step}-{position}}: one subagent per call of the parent's reply. */
    static String turnId(String parentTurnId, int step, int position) {
        return fit("", parentTurnId, ".sub" + step + "-" + position);
    }

    /** {@code {subagent turn}.answer}: the session workflow's turn that a background subagent's answer triggers. */
    static String answerTurnId(String subagentTurnId) {
        return fit("", subagentTurnId, ".answer");
    }

    private static String fit(String prefix, String parent, String suffix) {
        String id = prefix + parent + suffix;
        if (id.length() <= MAX_ID && Ids.isValid(id)) {
            return id;
        }
        return prefix + digest(parent) + suffix;
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "h" + HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
