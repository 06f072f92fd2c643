package dev.talon.platform.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Refuses a request whose body framing two HTTP parsers could read differently (request smuggling behind a proxy):
 * Content-Length together with Transfer-Encoding, a Transfer-Encoding other than one "chunked", a Content-Length
 * that is not one plain decimal number (Helidon takes {@code -1} for "chunked" and waits for chunks that never
 * come). The answer is a JSON 400, then the connection is closed: the bytes after such a request cannot be trusted
 * to start the next one.
 */
final class RequestFramingFilter implements Filter {

    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,18}");

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        Optional<String> problem = problem(request.headers());
        if (problem.isEmpty()) {
            chain.proceed();
            return;
        }
        try {
            response.status(Status.BAD_REQUEST_400)
                    .header(HeaderValues.CONNECTION_CLOSE)
                    .header(HeaderValues.CONTENT_TYPE_JSON)
                    .send(Json.MAPPER.writeValueAsBytes(ApiError.of("invalid_framing", problem.get())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an error body", e);
        }
        throw new CloseConnectionException("refused a request with ambiguous framing: " + problem.get());
    }

    /** What is wrong with the request's framing headers, or empty when they say one thing only. */
    static Optional<String> problem(Headers headers) {
        List<String> lengths = headers.all(HeaderNames.CONTENT_LENGTH, List::of);
        List<String> encodings = headers.all(HeaderNames.TRANSFER_ENCODING, List::of);
        if (!lengths.isEmpty() && !encodings.isEmpty()) {
            return Optional.of("a request must not have both Content-Length and Transfer-Encoding");
        }
        if (lengths.size() > 1 || lengths.size() == 1 && !DECIMAL.matcher(lengths.getFirst()).matches()) {
            return Optional.of("Content-Length must be one non-negative decimal number");
        }
        if (encodings.size() > 1 || encodings.size() == 1 && !"chunked".equals(encodings.getFirst())) {
            return Optional.of("the only Transfer-Encoding accepted is 'chunked'");
        }
        return Optional.empty();
    }
}
