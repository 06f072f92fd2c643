package dev.talon.platform.codec;

import java.util.Optional;

/**
 * Where tenants' history keys live: files on a private volume, environment variables, or Kubernetes Secrets.
 * Nothing here ever puts key material in a message; errors name tenants, key ids and where to look.
 */
public sealed interface KeySource permits FileKeySource, EnvKeySource, KubernetesSecretKeySource {

    /** The tenant's keys as stored now; empty when it has none. */
    Optional<KeyRing> read(String tenant);

    /**
     * The tenant's keys, making its first key when it has none.
     *
     * @throws IllegalStateException when the source cannot make keys (environment) and has none
     */
    KeyRing readOrCreate(String tenant);

    /**
     * Adds a new newest key; the older ones stay for decryption.
     *
     * @throws IllegalStateException when the source cannot write (environment)
     */
    KeyRing rotate(String tenant);

    /**
     * Destroys every key of the tenant, so what they encrypted can never be read again (crypto-shredding).
     *
     * @return false when the source cannot destroy them (environment): the operator has to remove them
     */
    boolean destroy(String tenant);

    /** Where the keys are, for messages: never a key. */
    String describe(String tenant);
}
