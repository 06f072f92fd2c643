package dev.talon.platform.worker;

import dev.talon.api.SecretReference;
import dev.talon.api.SecretResolver;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Reads secrets for one tool call and remembers them, so that the call's result can be cleaned of them. */
final class ScrubbedSecrets implements SecretResolver {

    private final SecretResolver secrets;
    private final Set<String> read = ConcurrentHashMap.newKeySet();

    ScrubbedSecrets(SecretResolver secrets) {
        this.secrets = secrets;
    }

    @Override
    public String resolve(SecretReference reference) {
        String secret = secrets.resolve(reference);
        read.add(secret);
        return secret;
    }

    /** The text with every secret read so far replaced by {@code ***}. */
    String scrub(String text) {
        String clean = text;
        for (String secret : read) {
            clean = clean.replace(secret, "***");
        }
        return clean;
    }
}
