package dev.talon.platform.rest;

import dev.talon.platform.budget.BudgetExhaustedException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A turn of a tenant whose budget is used up: 429 whichever route the request came by, with the reset time in
 * the body ({@code error.resetsAt}) and as {@code Retry-After} seconds.
 */
@Provider
public class BudgetExhaustedMapper implements ExceptionMapper<BudgetExhaustedException> {

    @Override
    public Response toResponse(BudgetExhaustedException exception) {
        long seconds = Math.max(1, (Duration.between(Instant.now(), exception.resetsAt()).toMillis() + 999) / 1000);
        Map<String, Object> error = Map.of("code", "budget_exhausted", "message", exception.getMessage(),
                "resetsAt", exception.resetsAt().toString());
        return Response.fromResponse(Json.response(429, Map.of("error", error)))
                .header("Retry-After", Long.toString(seconds)).build();
    }
}
