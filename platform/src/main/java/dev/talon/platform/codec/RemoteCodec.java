package dev.talon.platform.codec;

import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodecException;
import java.util.Optional;

/**
 * The codec as the Temporal UI's "remote codec" and the CLI's {@code --codec-endpoint} use it: decode any Talon
 * payload by its key id; encode with the key of the namespace's tenant (a namespace several tenants share has no
 * one key, so encoding there is refused).
 */
public final class RemoteCodec {

    private final Optional<HistoryKeys> keys;

    public RemoteCodec(Optional<HistoryKeys> keys) {
        this.keys = keys;
    }

    public boolean enabled() {
        return keys.isPresent();
    }

    /**
     * @throws PayloadCodecException when a payload cannot be decoded (key gone, altered); the message says which
     */
    public Payloads decode(String namespace, Payloads payloads) {
        return keys.map(k -> Payloads.newBuilder().addAllPayloads(new EncryptionCodec(k, namespace)
                .decode(payloads.getPayloadsList())).build()).orElse(payloads);
    }

    /**
     * @throws PayloadCodecException when the namespace has no tenant or several
     */
    public Payloads encode(String namespace, Payloads payloads) {
        return keys.map(k -> Payloads.newBuilder().addAllPayloads(new EncryptionCodec(k, namespace)
                .encode(payloads.getPayloadsList())).build()).orElse(payloads);
    }
}
