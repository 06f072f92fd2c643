package dev.talon.platform.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** Meters of one name keep the first one's tag keys: extra keys are dropped, missing ones read "none". */
class ConsistentTagKeysTest {

    @Test
    void laterMetersOfANameGetTheFirstOnesTagKeys() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(new ConsistentTagKeys());

        Counter.builder("temporal_request").tags("namespace", "a", "operation", "Poll").register(registry).increment();
        Counter.builder("temporal_request").tags("namespace", "a", "operation", "Poll", "update_name", "decide")
                .register(registry).increment();
        Counter.builder("temporal_request").tags("namespace", "b").register(registry).increment();
        Counter.builder("other").tags("x", "1").register(registry).increment();

        assertThat(registry.get("temporal_request").tags("namespace", "a", "operation", "Poll").counter().count())
                .isEqualTo(2);
        assertThat(registry.get("temporal_request").tags("namespace", "b", "operation", "none").counter().count())
                .isEqualTo(1);
        assertThat(registry.find("temporal_request").tagKeys("update_name").counters()).isEmpty();
        assertThat(registry.get("other").tags("x", "1").counter().count()).isEqualTo(1);
    }
}
