package dev.talon.platform.plugin;

import dev.talon.api.SecretReference;
import dev.talon.api.SecretResolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * The platform's one way to read a secret a tenant config refers to, by environment variable or file: provider API
 * keys ({@link ProviderSecrets}) and tool settings ({@code toolSettings}) alike. Messages name the reference, never
 * what it holds.
 */
public final class SecretReferences implements SecretResolver {

    /** A secret is a line, not a document: more than this is a wrong file, not a key. */
    private static final int MAX_FILE_BYTES = 64 * 1024;

    private final Function<String, String> environment;

    public SecretReferences(Function<String, String> environment) {
        this.environment = environment;
    }

    public static SecretReferences fromSystemEnvironment() {
        return new SecretReferences(System::getenv);
    }

    /** For tests: an environment made of a map. */
    public static SecretReferences of(Map<String, String> environment) {
        return new SecretReferences(environment::get);
    }

    @Override
    public String resolve(SecretReference reference) {
        if (reference.env() != null) {
            String value = environment.apply(reference.env());
            if (value == null || value.isBlank()) {
                throw new IllegalStateException(reference + " is not set on the worker");
            }
            return value.strip();
        }
        Path file = Path.of(reference.file());
        String first;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new IllegalStateException(reference + " is larger than a secret can be");
            }
            first = new String(bytes, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + reference);
        }
        if (first.isEmpty()) {
            throw new IllegalStateException(reference + " is empty");
        }
        return first;
    }
}
