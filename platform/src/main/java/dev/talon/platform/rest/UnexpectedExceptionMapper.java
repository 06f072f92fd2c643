package dev.talon.platform.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;

/**
 * The last resort: a bug or an outage. The client gets a JSON 500 with a reference to quote; the log gets
 * the stack trace under the same reference.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<RuntimeException> {

    private static final System.Logger LOG = System.getLogger(UnexpectedExceptionMapper.class.getName());

    @Override
    public Response toResponse(RuntimeException exception) {
        String reference = UUID.randomUUID().toString();
        LOG.log(System.Logger.Level.ERROR, "request failed, reference " + reference, exception);
        boolean temporalDown = exception instanceof io.grpc.StatusRuntimeException grpc
                && grpc.getStatus().getCode() == io.grpc.Status.Code.UNAVAILABLE;
        if (temporalDown) {
            return Json.error(503, "temporal_unavailable",
                    "the Temporal server cannot be reached; check that it runs (bin/talon up starts one). "
                            + "Reference " + reference);
        }
        if (exception instanceof io.grpc.StatusRuntimeException grpc
                && grpc.getStatus().getCode() == io.grpc.Status.Code.RESOURCE_EXHAUSTED) {
            // Temporal sheds load ("Workflow is busy", rate limits): a retry soon succeeds
            return Response.fromResponse(Json.error(503, "temporal_busy", "Temporal is busy; retry in a few seconds. "
                    + "Reference " + reference)).header("Retry-After", "2").build();
        }
        return Json.error(500, "internal_error", "the server failed; quote reference " + reference);
    }
}
