package dev.talon.platform.events;

import java.time.Duration;
import org.eclipse.microprofile.config.Config;

/**
 * Bounds of the SSE progress streams.
 *
 * @param maxStreamsPerTenant open streams a tenant may hold at once; one more is refused (HTTP 429)
 * @param heartbeat           how often an idle stream writes a comment, so a client that left is noticed
 * @param maxLifetime         after this the server ends the stream; the client reconnects with Last-Event-ID
 */
public record StreamSettings(int maxStreamsPerTenant, Duration heartbeat, Duration maxLifetime) {

    public static final StreamSettings DEFAULT = new StreamSettings(100, Duration.ofSeconds(15), Duration.ofHours(1));

    public StreamSettings {
        if (maxStreamsPerTenant < 1) {
            throw new IllegalStateException("talon.api.max-streams-per-tenant must be at least 1, not " + maxStreamsPerTenant);
        }
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalStateException("talon.api.stream-heartbeat-seconds must be at least 1");
        }
        if (maxLifetime.isNegative() || maxLifetime.isZero()) {
            throw new IllegalStateException("talon.api.stream-max-lifetime-seconds must be at least 1");
        }
    }

    public static StreamSettings from(Config config) {
        return new StreamSettings(
                config.getOptionalValue("talon.api.max-streams-per-tenant", Integer.class)
                        .orElse(DEFAULT.maxStreamsPerTenant()),
                config.getOptionalValue("talon.api.stream-heartbeat-seconds", Long.class).map(Duration::ofSeconds)
                        .orElse(DEFAULT.heartbeat()),
                config.getOptionalValue("talon.api.stream-max-lifetime-seconds", Long.class).map(Duration::ofSeconds)
                        .orElse(DEFAULT.maxLifetime()));
    }
}
