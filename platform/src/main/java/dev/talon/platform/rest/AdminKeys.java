package dev.talon.platform.rest;

import dev.talon.platform.tenant.ApiKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/**
 * The admin API's keys, as hashes: {@code talon.admin.key-hashes} (the local config holds the dev key
 * {@code admin-key}), plus the key in env {@code TALON_ADMIN_KEY} or the file {@code talon.admin.key-file}
 * (a mounted secret), hashed as they are read.
 */
public record AdminKeys(List<String> hashes) {

    public AdminKeys {
        hashes = List.copyOf(hashes);
    }

    public static AdminKeys from(Config config) {
        List<String> hashes = new ArrayList<>(config.getOptionalValues("talon.admin.key-hashes", String.class)
                .orElse(List.of()));
        config.getOptionalValue("talon.admin.key", String.class)
                .or(() -> java.util.Optional.ofNullable(System.getenv("TALON_ADMIN_KEY")))
                .filter(key -> !key.isBlank())
                .ifPresent(key -> hashes.add(ApiKeys.hash(key.strip())));
        config.getOptionalValue("talon.admin.key-file", String.class).ifPresent(file -> {
            try {
                hashes.add(ApiKeys.hash(Files.readString(Path.of(file), StandardCharsets.UTF_8).strip()));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the admin key file " + file + " (talon.admin.key-file)", e);
            }
        });
        return new AdminKeys(hashes);
    }

    public boolean accepts(String presentedKey) {
        return ApiKeys.matches(hashes, presentedKey);
    }
}
