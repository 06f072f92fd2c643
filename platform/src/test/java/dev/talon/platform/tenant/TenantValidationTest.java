package dev.talon.platform.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TenantValidationTest {

    private static TenantConfig withToolOutputChars(Integer chars) {
        return new TenantConfig("acme", List.of(), "default", "q", List.of("p"),
                new ProviderConfig("p", "m", null, null, null, null, null), ExecPolicy.DISABLED,
                new Limits(40, 60, 100, null, null, null, chars), null);
    }

    @Test
    void toolOutputCharsDefaultsTo16000() {
        assertThat(withToolOutputChars(null).limits().toolOutputChars()).isEqualTo(16_000);
        assertThat(TenantValidation.problems(withToolOutputChars(null))).isEmpty();
    }

    @Test
    void toolOutputCharsIsAcceptedFrom1000To200000() {
        assertThat(TenantValidation.problems(withToolOutputChars(1_000))).isEmpty();
        assertThat(TenantValidation.problems(withToolOutputChars(200_000))).isEmpty();
    }

    @Test
    void toolOutputCharsOutsideTheRangeIsAProblemThatNamesIt() {
        for (int chars : new int[] {-1, 0, 999, 200_001, Integer.MAX_VALUE}) {
            assertThat(TenantValidation.problems(withToolOutputChars(chars)))
                    .containsExactly("acme: limits.toolOutputChars must be between 1000 and 200000");
        }
    }
}
