package dev.talon.platform.rest;

import dev.talon.platform.client.TurnLimitException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A turn over the tenant's concurrent-turn limit: 429 with Retry-After, whichever route the request came by. */
@Provider
public class TurnLimitMapper implements ExceptionMapper<TurnLimitException> {

    @Override
    public Response toResponse(TurnLimitException exception) {
        return new ApiExceptionMapper().toResponse(new ApiException(429, "too_many_turns", exception.getMessage()));
    }
}
