package dev.talon.platform.rest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Bytes on a socket, for requests no HTTP client will send (bad framing, oversized lines): the first response,
 * and whether the server then closed the connection instead of reading on.
 */
final class RawHttp {

    /** Long enough for any answer; a server that hangs fails the test with a timeout instead of blocking it. */
    private static final int READ_TIMEOUT_MILLIS = 20_000;

    /**
     * A response as read off the wire; header names in lower case.
     *
     * @param closedAfter whether the server ended the connection after it (only looked at when asked)
     */
    record Response(int status, Map<String, String> headers, String body, boolean closedAfter) {
    }

    private RawHttp() {
    }

    /** Sends the bytes and reads one response; the connection is not looked at after it. */
    static Response exchange(int port, String request) throws IOException {
        return exchange(port, request, false);
    }

    /** Sends the bytes, reads one response, then reads on to see whether the server closed the connection. */
    static Response exchangeAndWatchClose(int port, String request) throws IOException {
        return exchange(port, request, true);
    }

    private static Response exchange(int port, String request, boolean watchClose) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).strip().toLowerCase(Locale.ROOT), header.substring(colon + 1).strip());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            return new Response(status, headers, body, watchClose && closed(in));
        }
    }

    /** True when the stream ends (or the peer reset it) right after the response: nothing else was answered. */
    private static boolean closed(InputStream in) throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketException reset) {
            return true;
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new IOException("the connection ended inside a response head: " + bytes);
            }
            if (b != '\r') {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }
}
