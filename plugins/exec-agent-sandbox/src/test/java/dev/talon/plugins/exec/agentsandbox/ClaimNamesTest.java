package dev.talon.plugins.exec.agentsandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ClaimNamesTest {

    private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

    private static String name(String tenant, String session) {
        return ClaimNames.of(new SessionKey(tenant, session));
    }

    @Test
    void readsAsTenantAndSessionWithAHash() {
        assertThat(name("acme", "s1")).matches("talon-acme-s1-[0-9a-f]{10}");
    }

    @Test
    void isTheSameEveryTimeSoOtherWorkersFindIt() {
        assertThat(name("acme", "s1")).isEqualTo(name("acme", "s1"));
    }

    @Test
    void isAlwaysAValidNameForASandboxAndItsService() {
        List<String> names = List.of(
                name("acme", "s1"),
                name("Acme_Corp", "Session:42/ä"),
                name("", ""),
                name("acme", ""),
                name("---", "..."),
                name("9lives", "x".repeat(300)),
                name("t".repeat(100), "s".repeat(100)));

        assertThat(names).allSatisfy(n -> {
            assertThat(n).hasSizeLessThanOrEqualTo(63);
            assertThat(n).matches(DNS_1035_LABEL);
        });
    }

    @Test
    void sessionsThatLookAlikeAfterCleaningStayApart() {
        assertThat(name("a-b", "c")).isNotEqualTo(name("a", "b-c"));
        assertThat(name("acme", "S1")).isNotEqualTo(name("acme", "s1"));
        assertThat(name("acme", "s/1")).isNotEqualTo(name("acme", "s.1"));
        assertThat(name("t".repeat(100), "a")).isNotEqualTo(name("t".repeat(100), "b"));
    }
}
