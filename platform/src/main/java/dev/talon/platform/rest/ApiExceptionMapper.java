package dev.talon.platform.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Refusals become their JSON error. */
@Provider
public class ApiExceptionMapper implements ExceptionMapper<ApiException> {

    @Override
    public Response toResponse(ApiException exception) {
        Response response = Json.error(exception.status(), exception.code(), exception.getMessage());
        if (exception.status() == 401) {
            return Response.fromResponse(response).header("WWW-Authenticate", "Bearer").build();
        }
        if (exception.status() == 429) {
            return Response.fromResponse(response).header("Retry-After", "5").build();
        }
        return response;
    }
}
