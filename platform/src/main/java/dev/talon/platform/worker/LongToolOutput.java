package dev.talon.platform.worker;

import dev.talon.api.TextCut;
import dev.talon.api.WorkspaceFileException;
import dev.talon.platform.data.DataLayout;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Keeps tool output that is too long for the LLM (and for Temporal payloads, which must stay under 2 MB) in
 * the tenant's directory beside the workspace, never in it: the workspace is the sandbox's to write, and a
 * link planted there would turn the platform's write into the tenant's. The LLM gets the head of the output.
 */
final class LongToolOutput {

    static final String FOLDER = "tool-outputs";

    private LongToolOutput() {
    }

    /**
     * The content as is when it has at most {@code limit} chars (the tenant's {@code limits.toolOutputChars}); else
     * its head and a marker, the whole text kept under {@code tool-outputs/{turnId}/{step}-{digest of the call
     * id}.txt} (the model's call id is not a file name). This is the one place that decides what the LLM sees of
     * a tool's output; tools cap only what they hold in memory.
     */
    static String cut(DataLayout layout, String tenant, String turnId, int step, String callId, String content,
                      int limit) {
        if (content.length() <= limit) {
            return content;
        }
        String name = FOLDER + "/" + turnId + "/" + step + "-" + shortDigest(callId) + ".txt";
        try {
            layout.tenantFiles(tenant).write(name, content.getBytes(StandardCharsets.UTF_8));
        } catch (WorkspaceFileException e) {
            throw new UncheckedIOException("cannot keep the long output of step " + step + " of " + turnId, e);
        }
        int cut = TextCut.end(content, limit);
        return content.substring(0, cut) + "\n... (output cut at " + cut + " of " + content.length()
                + " characters; narrow the command or read the file in parts to see the rest)";
    }

    private static String shortDigest(String callId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(callId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
