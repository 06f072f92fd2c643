package dev.talon.platform.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HTTP edge below JAX-RS, on a raw socket: requests whose body framing could be read two ways are refused at
 * once and the connection closed, and every error the web server answers itself is the API's JSON error.
 */
@HelidonTest
@AddConfig(key = "talon.temporal.target", value = "in-memory")
@AddConfig(key = "talon.data-dir", value = "target/test-data/edge")
@AddConfig(key = "talon.plugins-dir", value = "target/plugins")
@AddConfig(key = "talon.tenants-file", value = "src/test/resources/tenants-test.yaml")
@Tag("hostile-model")
class HttpEdgeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TURNS = "POST /v1/tenants/acme/turns HTTP/1.1\r\nHost: localhost\r\n"
            + "Authorization: Bearer acme-key\r\nContent-Type: application/json\r\n";

    @Inject
    WebTarget target;

    @Test
    @DisplayName("finding: Content-Length: -1 hung the connection")
    void aNegativeContentLengthIsRefusedAtOnceAndTheConnectionClosed() throws Exception {
        RawHttp.Response response = RawHttp.exchangeAndWatchClose(port(), TURNS + "Content-Length: -1\r\n\r\n{}");

        assertJsonError(response, 400, "invalid_framing");
        assertThat(response.closedAfter()).isTrue();
    }

    @Test
    @DisplayName("finding: a request with both Content-Length and Transfer-Encoding was accepted (request smuggling)")
    void contentLengthWithTransferEncodingIsRefusedAndWhatFollowsIsNotAnswered() throws Exception {
        String smuggled = "GET /v1/tenants/acme/sessions/s/messages HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer acme-key\r\n\r\n";
        String request = TURNS + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled;

        RawHttp.Response response = RawHttp.exchangeAndWatchClose(port(), request);

        assertJsonError(response, 400, "invalid_framing");
        assertThat(response.closedAfter()).as("the smuggled request got no answer").isTrue();
    }

    static Stream<Arguments> ambiguousFraming() {
        return Stream.of(
                Arguments.of("Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}"),
                Arguments.of("Content-Length: +2\r\n\r\n{}"),
                Arguments.of("Transfer-Encoding: Chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"),
                Arguments.of("Transfer-Encoding: gzip, chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"),
                Arguments.of("Transfer-Encoding: identity\r\nContent-Length: 2\r\n\r\n{}"));
    }

    @ParameterizedTest
    @MethodSource("ambiguousFraming")
    @DisplayName("finding: framing headers two parsers read differently were accepted")
    void framingHeadersThatCanBeReadTwoWaysAreRefused(String framing) throws Exception {
        RawHttp.Response response = RawHttp.exchangeAndWatchClose(port(), TURNS + framing);

        assertJsonError(response, 400, "invalid_framing");
        assertThat(response.closedAfter()).isTrue();
    }

    static Stream<Arguments> serverAnsweredErrors() {
        String close = "Host: localhost\r\nConnection: close\r\n\r\n";
        return Stream.of(
                Arguments.of("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\n" + close, 414, "uri_too_long"),
                Arguments.of("GET /health HTTP/1.1\r\nX-Padding: " + "b".repeat(20_000) + "\r\n" + close, 400, "bad_request"),
                Arguments.of("GET /no/such/route HTTP/1.1\r\n" + close, 404, "not_found"),
                Arguments.of("POST /health HTTP/1.1\r\nContent-Length: 0\r\n" + close, 404, "not_found"),
                Arguments.of("GET /health HTTP/1.0\r\n\r\n", 505, "http_version_not_supported"),
                Arguments.of("GET /a b c HTTP/1.1\r\n" + close, 400, "bad_request"),
                Arguments.of(TURNS + "Content-Length: ten\r\nConnection: close\r\n\r\n{}", 400, "bad_request"));
    }

    @ParameterizedTest
    @MethodSource("serverAnsweredErrors")
    @DisplayName("finding: errors Helidon answers itself (414, oversized headers, 404, 505, bad request line) were plain text or empty")
    void errorsTheWebServerAnswersItselfAreJson(String request, int status, String code) throws Exception {
        assertJsonError(RawHttp.exchange(port(), request), status, code);
    }

    private int port() {
        return target.getUri().getPort();
    }

    private static void assertJsonError(RawHttp.Response response, int status, String code) throws Exception {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().get("content-type")).as(response.headers().toString()).isEqualTo("application/json");
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).as(response.body()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
    }
}
