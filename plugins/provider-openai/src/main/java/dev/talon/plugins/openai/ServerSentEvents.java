package dev.talon.plugins.openai;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads the {@code data} of server-sent events from a response body (the other fields are of no use here),
 * with a cap on one event's size so that a server that never ends a line cannot fill the heap.
 */
final class ServerSentEvents {

    /** One chunk of a completion is a few hundred bytes; a whole tool call's arguments fit well below this. */
    static final int MAX_EVENT_CHARS = 4 * 1024 * 1024;

    private final Reader reader;
    private final StringBuilder line = new StringBuilder();
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private boolean afterCr;

    ServerSentEvents(InputStream body) {
        this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    /** The next event's data (its data lines joined by newlines); empty at the end of the body. */
    Optional<String> next() throws IOException, UnexpectedResponseException {
        while (true) {
            Optional<String> read = readLine();
            if (read.isEmpty()) {
                return hasData ? Optional.of(take()) : Optional.empty();
            }
            String text = read.get();
            if (text.isEmpty()) {
                if (hasData) {
                    return Optional.of(take());
                }
                continue;
            }
            if (text.startsWith(":")) {
                continue; // a comment, e.g. a keep-alive
            }
            int colon = text.indexOf(':');
            String field = colon < 0 ? text : text.substring(0, colon);
            if (!field.equals("data")) {
                continue;
            }
            String value = colon < 0 ? "" : text.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (hasData) {
                data.append('\n');
            }
            data.append(value);
            hasData = true;
            if (data.length() > MAX_EVENT_CHARS) {
                throw new UnexpectedResponseException("a streamed event is longer than " + MAX_EVENT_CHARS + " characters");
            }
        }
    }

    private String take() {
        String event = data.toString();
        data.setLength(0);
        hasData = false;
        return event;
    }

    /** A line without its end (LF, CR LF or CR); empty at the end of the body. */
    private Optional<String> readLine() throws IOException, UnexpectedResponseException {
        line.setLength(0);
        while (true) {
            int c = reader.read();
            if (c < 0) {
                return line.isEmpty() ? Optional.empty() : Optional.of(line.toString());
            }
            boolean crBefore = afterCr;
            afterCr = c == '\r';
            if (c == '\n' && crBefore && line.isEmpty()) {
                continue; // the LF of a CR LF: that line ended at the CR
            }
            if (c == '\n' || c == '\r') {
                return Optional.of(line.toString());
            }
            line.append((char) c);
            if (line.length() > MAX_EVENT_CHARS) {
                throw new UnexpectedResponseException("a streamed line is longer than " + MAX_EVENT_CHARS + " characters");
            }
        }
    }
}
