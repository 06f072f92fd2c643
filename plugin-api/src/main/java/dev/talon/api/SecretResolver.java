package dev.talon.api;

/** Reads the secret a {@link SecretReference} names; the host's, so plugins never look into the environment. */
@FunctionalInterface
public interface SecretResolver {

    /** For settings read where no secret may be read (validation): every lookup fails. */
    SecretResolver NONE = reference -> {
        throw new IllegalStateException(reference + " cannot be read here");
    };

    /**
     * @return the secret, stripped, never empty
     * @throws IllegalStateException when it is missing or unreadable; the message names the reference, never a secret
     */
    String resolve(SecretReference reference);
}
