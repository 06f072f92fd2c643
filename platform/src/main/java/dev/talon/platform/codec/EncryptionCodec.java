package dev.talon.platform.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import io.temporal.payload.context.HasWorkflowSerializationContext;
import io.temporal.payload.context.SerializationContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts every payload with AES-256-GCM under its tenant's newest key: the whole payload (metadata and data)
 * becomes {@code nonce(12) || ciphertext+tag}, with a fresh random nonce per payload, metadata {@code encoding:
 * binary/encrypted} and {@code encryption-key-id: <tenant>:<version>} (bound into the tag as associated data).
 * Decoding picks the key by that id, so rotated keys keep working; payloads not encrypted (histories from before
 * encryption was on) pass through as they are.
 *
 * <p>The tenant comes from the serialization context's workflow id ({@code talon/<tenant>/...}); without one,
 * from the namespace when a single tenant uses it.
 */
public final class EncryptionCodec implements PayloadCodec {

    public static final String ENCODING = "binary/encrypted";
    public static final String KEY_ID = "encryption-key-id";
    private static final String ENCODING_KEY = "encoding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HistoryKeys keys;
    private final String namespace;
    private final String tenant;

    public EncryptionCodec(HistoryKeys keys, String namespace) {
        this(keys, namespace, null);
    }

    private EncryptionCodec(HistoryKeys keys, String namespace, String tenant) {
        this.keys = keys;
        this.namespace = namespace;
        this.tenant = tenant;
    }

    /** A codec that encrypts with this tenant's key, whatever the context. */
    public static EncryptionCodec forTenant(HistoryKeys keys, String namespace, String tenant) {
        return new EncryptionCodec(keys, namespace, tenant);
    }

    @Override
    public PayloadCodec withContext(SerializationContext context) {
        if (context instanceof HasWorkflowSerializationContext workflow) {
            Optional<String> owner = tenantOfWorkflow(workflow.getWorkflowId());
            if (owner.isPresent()) {
                return new EncryptionCodec(keys, namespace, owner.get());
            }
        }
        return this;
    }

    @Override
    public List<Payload> encode(List<Payload> payloads) {
        if (payloads.isEmpty()) {
            return payloads;
        }
        HistoryKey key = keys.encryptionKey(tenant());
        return payloads.stream().map(payload -> encrypt(payload, key)).toList();
    }

    @Override
    public List<Payload> decode(List<Payload> payloads) {
        return payloads.stream().map(this::decrypt).toList();
    }

    /** Whether the payload is one this codec encrypted. */
    public static boolean encrypted(Payload payload) {
        return ENCODING.equals(payload.getMetadataOrDefault(ENCODING_KEY, ByteString.EMPTY).toStringUtf8());
    }

    private Payload encrypt(Payload payload, HistoryKey key) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(key.id().getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(payload.toByteArray());
            return Payload.newBuilder()
                    .putMetadata(ENCODING_KEY, ByteString.copyFromUtf8(ENCODING))
                    .putMetadata(KEY_ID, ByteString.copyFromUtf8(key.id()))
                    .setData(ByteString.copyFrom(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).flip()))
                    .build();
        } catch (GeneralSecurityException e) {
            throw new PayloadCodecException("cannot encrypt a payload with history key " + key.id() + ": "
                    + e.getClass().getSimpleName());
        }
    }

    private Payload decrypt(Payload payload) {
        if (!encrypted(payload)) {
            return payload;
        }
        String keyId = payload.getMetadataOrDefault(KEY_ID, ByteString.EMPTY).toStringUtf8();
        if (keyId.isEmpty()) {
            throw new PayloadCodecException("an encrypted payload without '" + KEY_ID + "' metadata");
        }
        HistoryKey key = keys.decryptionKey(keyId);
        byte[] data = payload.getData().toByteArray();
        if (data.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new PayloadCodecException("an encrypted payload (key " + keyId + ") is too short: it was cut or altered");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
            cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            return Payload.parseFrom(cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES));
        } catch (AEADBadTagException e) {
            throw new PayloadCodecException("an encrypted payload (key " + keyId + ") failed authentication: it was "
                    + "altered, or encrypted under another key with the same id");
        } catch (GeneralSecurityException | InvalidProtocolBufferException e) {
            throw new PayloadCodecException("cannot decrypt a payload with history key " + keyId + ": "
                    + e.getClass().getSimpleName());
        }
    }

    private String tenant() {
        if (tenant != null) {
            return tenant;
        }
        return keys.soleTenantOf(namespace).orElseThrow(() -> new PayloadCodecException("cannot tell whose history "
                + "key encrypts a payload in namespace " + namespace + " without a workflow id: the namespace has no "
                + "tenant or several"));
    }

    /** {@code talon/<tenant>/turn/...} or {@code talon/<tenant>/session/...}. */
    static Optional<String> tenantOfWorkflow(String workflowId) {
        if (workflowId == null || !workflowId.startsWith("talon/")) {
            return Optional.empty();
        }
        int end = workflowId.indexOf('/', "talon/".length());
        return end < 0 ? Optional.empty() : Optional.of(workflowId.substring("talon/".length(), end));
    }
}
