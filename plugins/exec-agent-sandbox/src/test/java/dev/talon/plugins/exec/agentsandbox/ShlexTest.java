package dev.talon.plugins.exec.agentsandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The test runtime must split like the real one, or the wrapping tests prove nothing. */
class ShlexTest {

    @Test
    void splitsLikePythonShlexInPosixMode() {
        assertThat(Shlex.split("  a 'b c'  \"d \\\"e\\\" \\x\" f\\ g h''i '' #j"))
                .containsExactly("a", "b c", "d \"e\" \\x", "f g", "hi", "", "#j");
        assertThat(Shlex.split("echo a && echo b | tr")).containsExactly("echo", "a", "&&", "echo", "b", "|", "tr");
        assertThat(Shlex.split("'it'\\''s'")).containsExactly("it's");
    }

    @Test
    void refusesAnOpenQuote() {
        assertThatThrownBy(() -> Shlex.split("echo 'open")).hasMessage("No closing quotation");
    }
}
