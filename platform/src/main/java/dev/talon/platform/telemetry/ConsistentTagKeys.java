package dev.talon.platform.telemetry;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gives every meter of one name the tag keys its first one had. Temporal's SDK reports some metrics under one name
 * with different tag sets (e.g. with and without {@code update_name}); a Prometheus registry refuses that (the
 * later meter's samples are silently left out). A key the first meter lacked is dropped (its series merge); a key
 * it had and a later one lacks gets {@value #MISSING}.
 */
final class ConsistentTagKeys implements MeterFilter {

    static final String MISSING = "none";

    private final Map<String, List<String>> keysByName = new ConcurrentHashMap<>();

    @Override
    public Meter.Id map(Meter.Id id) {
        List<String> keys = keysByName.computeIfAbsent(id.getName(),
                name -> id.getTags().stream().map(Tag::getKey).sorted().toList());
        List<String> own = id.getTags().stream().map(Tag::getKey).sorted().toList();
        if (own.equals(keys)) {
            return id;
        }
        return id.replaceTags(keys.stream()
                .map(key -> Tag.of(key, Objects.requireNonNullElse(id.getTag(key), MISSING))).toList());
    }
}
