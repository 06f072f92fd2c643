package dev.talon.platform.codec;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Keys in environment variables, for deployments that inject secrets that way: {@code TALON_HISTORY_KEYS_<TENANT>}
 * (the tenant id upper-cased, other characters than letters and digits as {@code _}) holds
 * {@code <version>:<base64 key>} entries separated by commas. Read-only: rotation and destruction are the
 * operator's (add an entry and restart; remove the variable).
 */
public record EnvKeySource(Map<String, String> environment) implements KeySource {

    static final String PREFIX = "TALON_HISTORY_KEYS_";

    public EnvKeySource {
        environment = Map.copyOf(environment);
    }

    @Override
    public Optional<KeyRing> read(String tenant) {
        String value = environment.get(variable(tenant));
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        List<HistoryKey> keys = new ArrayList<>();
        for (String entry : value.split(",")) {
            if (!entry.isBlank()) {
                keys.add(parse(tenant, entry.strip()));
            }
        }
        return keys.isEmpty() ? Optional.empty() : Optional.of(new KeyRing(tenant, keys));
    }

    @Override
    public KeyRing readOrCreate(String tenant) {
        return read(tenant).orElseThrow(() -> new IllegalStateException("tenant " + tenant + " has no history key: "
                + "set " + variable(tenant) + "=1:<base64 of " + HistoryKey.KEY_BYTES + " random bytes> and restart"));
    }

    @Override
    public KeyRing rotate(String tenant) {
        throw new IllegalStateException("the history keys of tenant " + tenant + " come from the environment: add "
                + "'<next version>:<base64 of " + HistoryKey.KEY_BYTES + " random bytes>' to " + variable(tenant)
                + " and restart every Talon process");
    }

    @Override
    public boolean destroy(String tenant) {
        return false;
    }

    @Override
    public String describe(String tenant) {
        return "the environment variable " + variable(tenant);
    }

    static String variable(String tenant) {
        return PREFIX + tenant.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static HistoryKey parse(String tenant, String entry) {
        int colon = entry.indexOf(':');
        try {
            byte[] material = Base64.getDecoder().decode(entry.substring(colon + 1).strip());
            if (colon <= 0 || material.length != HistoryKey.KEY_BYTES) {
                throw new IllegalArgumentException();
            }
            return HistoryKey.of(tenant, Integer.parseInt(entry.substring(0, colon).strip()), material);
        } catch (IllegalArgumentException e) { // never quote the entry: it holds a key
            throw new IllegalStateException("an entry of " + variable(tenant) + " is not '<version>:<base64 of "
                    + HistoryKey.KEY_BYTES + " bytes>'");
        }
    }
}
