package dev.talon.platform.rest;

import dev.talon.platform.client.TurnIdConflictException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A turn id reused for another session or message: 409, whichever route the request came by. */
@Provider
public class TurnIdConflictMapper implements ExceptionMapper<TurnIdConflictException> {

    @Override
    public Response toResponse(TurnIdConflictException exception) {
        return Json.error(409, "turn_id_conflict", exception.getMessage());
    }
}
