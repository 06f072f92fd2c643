package dev.talon.platform.rest;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.talon.platform.codec.RemoteCodec;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodecException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.BiFunction;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The Temporal "remote codec" protocol, so operators read encrypted histories in the Temporal UI or CLI:
 * {@code POST /v1/codec/decode} and {@code /encode} with {@code {"payloads":[...]}} (Temporal's JSON form of
 * payloads) and the namespace in {@code X-Namespace}. Admin key only: decoding shows any tenant's history.
 */
@Path("/v1/codec")
@AdminAuthenticated
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CodecResource {

    static final String NAMESPACE_HEADER = "X-Namespace";

    private final RemoteCodec codec;

    @Inject
    public CodecResource(RemoteCodec codec) {
        this.codec = codec;
    }

    @POST
    @Path("/decode")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Decrypt history payloads (Temporal remote codec protocol; header X-Namespace)")
    @APIResponse(responseCode = "422", description = "a payload cannot be decrypted (its key is gone, or it was altered)")
    public Response decode(@HeaderParam(NAMESPACE_HEADER) String namespace, String body) {
        return answer(namespace, body, codec::decode);
    }

    @POST
    @Path("/encode")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Encrypt payloads with the key of the namespace's tenant (Temporal remote codec protocol)")
    public Response encode(@HeaderParam(NAMESPACE_HEADER) String namespace, String body) {
        return answer(namespace, body, codec::encode);
    }

    private Response answer(String namespace, String body, BiFunction<String, Payloads, Payloads> operation) {
        if (!codec.enabled()) {
            throw new ApiException(409, "encryption_off", "history encryption is off (talon.history.encryption): "
                    + "payloads are plain JSON and need no codec");
        }
        if (namespace == null || namespace.isBlank() || namespace.length() > 255) {
            throw ApiException.badRequest("missing_namespace", "send the Temporal namespace in the header "
                    + NAMESPACE_HEADER);
        }
        Payloads.Builder payloads = Payloads.newBuilder();
        try {
            JsonFormat.parser().merge(body == null ? "" : body, payloads);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw ApiException.badRequest("invalid_payloads", "the body is not {\"payloads\":[{\"metadata\":{...},"
                    + "\"data\":\"<base64>\"}]}");
        }
        try {
            Payloads result = operation.apply(namespace.strip(), payloads.build());
            return Response.ok(JsonFormat.printer().print(result), MediaType.APPLICATION_JSON).build();
        } catch (PayloadCodecException e) {
            throw new ApiException(422, "codec_failed", e.getMessage());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot write payloads as JSON", e);
        }
    }
}
