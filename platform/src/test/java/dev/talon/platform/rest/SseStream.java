package dev.talon.platform.rest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A raw SSE client for the progress routes: it parses events and comments as they come, and {@link #close()}
 * drops the TCP connection at once, as a client that goes away does.
 */
final class SseStream implements AutoCloseable {

    /** An event ({@code comment} null) or a comment line ({@code name} null). */
    record Item(String id, String name, String data, String comment) {
        boolean isEvent() {
            return name != null;
        }
    }

    private final HttpURLConnection connection;
    private final int status;
    private final BufferedReader reader;

    private SseStream(HttpURLConnection connection) throws IOException {
        this.connection = connection;
        this.status = connection.getResponseCode();
        InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream();
        this.reader = body == null ? null : new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    static SseStream open(URI base, String path, String key, String lastEventId) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) base.resolve(path).toURL().openConnection();
        connection.setRequestProperty("Authorization", "Bearer " + key);
        connection.setRequestProperty("Accept", "text/event-stream");
        if (lastEventId != null) {
            connection.setRequestProperty("Last-Event-ID", lastEventId);
        }
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout(30_000); // a stream that should have ended or written by now fails the test
        return new SseStream(connection);
    }

    int status() {
        return status;
    }

    String header(String name) {
        return connection.getHeaderField(name);
    }

    /** The whole body of a refusal. */
    String body() throws IOException {
        StringBuilder text = new StringBuilder();
        String line;
        while (reader != null && (line = reader.readLine()) != null) {
            text.append(line).append('\n');
        }
        return text.toString();
    }

    /** The next event or comment; null when the server ended the stream. */
    Item next() throws IOException {
        String id = null;
        String name = null;
        StringBuilder data = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (name != null || data != null) {
                    return new Item(id, name == null ? "message" : name, data == null ? "" : data.toString(), null);
                }
                continue;
            }
            if (line.startsWith(":")) {
                return new Item(null, null, null, line.substring(1).strip());
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
            switch (field) {
                case "id" -> id = value;
                case "event" -> name = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> {
                }
            }
        }
        return null;
    }

    /** The next event, skipping comments; null at the end of the stream. */
    Item nextEvent() throws IOException {
        Item item;
        while ((item = next()) != null && !item.isEvent()) {
            // a comment
        }
        return item;
    }

    @Override
    public void close() {
        connection.disconnect();
    }
}
