package dev.talon.plugins.mcp;

import dev.talon.api.InteractiveProcess;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * MCP's stdio transport over a program an exec backend started in the tenant's sandbox: one JSON-RPC message per
 * line, written to its standard input, read from its standard output.
 *
 * <p>The SDK's session waits for an answer until its request timeout; a server that died or broke the protocol
 * would make every call wait that long. So this transport remembers which requests are unanswered and, when the
 * program's output ends or holds something that is not JSON-RPC, answers each of them itself with an error that
 * says what happened, and kills the program.
 */
final class StdioProcessTransport implements McpClientTransport {

    /** JSON-RPC's "server error" range: the answer did not come from the server. */
    static final int SERVER_GONE = -32000;
    /** A line longer than this is not a message a tool needs; the server is treated as broken. */
    static final int MAX_LINE_BYTES = 4 * 1024 * 1024;

    private final InteractiveProcess process;
    private final McpJsonMapper json;
    private final Set<Object> unanswered = ConcurrentHashMap.newKeySet();
    private volatile Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler;
    private volatile String failure;

    StdioProcessTransport(InteractiveProcess process, McpJsonMapper json) {
        this.process = process;
        this.json = json;
    }

    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        return Mono.fromRunnable(() -> {
            this.handler = handler;
            Thread.ofVirtual().name("mcp-stdio-reader").start(this::readMessages);
        });
    }

    private void readMessages() {
        LineReader lines = new LineReader(process.stdout(), MAX_LINE_BYTES);
        try {
            for (String line = lines.next(); line != null; line = lines.next()) {
                if (line.isBlank()) {
                    continue;
                }
                McpSchema.JSONRPCMessage message;
                try {
                    message = McpSchema.deserializeJsonRpcMessage(json, line);
                } catch (IOException | RuntimeException e) {
                    fail("the server wrote something that is not a JSON-RPC message on its standard output");
                    return;
                }
                if (message instanceof McpSchema.JSONRPCResponse response) {
                    unanswered.remove(response.id());
                }
                deliver(message);
            }
            fail(ended());
        } catch (LineReader.LineTooLong e) {
            fail("the server wrote a line of over " + MAX_LINE_BYTES + " bytes on its standard output");
        } catch (IOException e) {
            fail(ended());
        }
    }

    private void deliver(McpSchema.JSONRPCMessage message) {
        handler.apply(Mono.just(message)).subscribe(reply -> { }, error -> { });
    }

    private String ended() {
        process.destroy(); // also reaps it, so its exit code is known
        String code = process.exitCode().isPresent() ? " (exit code " + process.exitCode().getAsInt() + ")" : "";
        String said = process.stderrTail().strip();
        String tail = said.length() > 200 ? "…" + said.substring(said.length() - 200) : said;
        return "the server process ended" + code + (tail.isEmpty() ? "" : "; it said on stderr: " + tail);
    }

    // Every request still waiting gets this as its error answer; later requests fail when they are sent.
    private void fail(String reason) {
        failure = reason;
        process.destroy();
        for (Object id : Set.copyOf(unanswered)) {
            if (unanswered.remove(id)) {
                deliver(McpSchema.JSONRPCResponse.error(id,
                        new McpSchema.JSONRPCResponse.JSONRPCError(SERVER_GONE, reason)));
            }
        }
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return Mono.fromRunnable(() -> {
            String line;
            try {
                line = json.writeValueAsString(message) + "\n";
            } catch (IOException e) {
                throw new IllegalStateException("cannot write an MCP message as JSON: " + e.getMessage(), e);
            }
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            if (message instanceof McpSchema.JSONRPCRequest request) {
                unanswered.add(request.id());
            }
            write(line);
        });
    }

    private synchronized void write(String line) {
        try {
            OutputStream stdin = process.stdin();
            stdin.write(line.getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            String reason = failure != null ? failure : "the server process does not read its input any more";
            fail(reason);
            throw new IllegalStateException(reason, e);
        }
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(process::destroy);
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
        return json.convertValue(data, type);
    }
}
