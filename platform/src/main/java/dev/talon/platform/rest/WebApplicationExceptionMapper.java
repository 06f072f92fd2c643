package dev.talon.platform.rest;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * JAX-RS's own refusals (wrong method or media type) in the API's JSON error shape. A bare 404 for a path no
 * resource matches is passed on untouched: Helidon then routes the request to its other features
 * (/health, /metrics, /openapi).
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException exception) {
        int status = exception.getResponse().getStatus();
        if (exception instanceof NotFoundException && !exception.getResponse().hasEntity()) {
            return exception.getResponse();
        }
        String code = switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "body_too_large";
            case 415 -> "unsupported_media_type";
            default -> status >= 500 ? "internal_error" : "bad_request";
        };
        String message = switch (status) {
            case 415 -> "send the body as application/json";
            default -> String.valueOf(exception.getMessage());
        };
        return Json.error(status, code, message);
    }
}
