package dev.talon.platform.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.api.ExecBackend;
import dev.talon.api.ExecRequest;
import dev.talon.api.ExecResult;
import dev.talon.api.InteractiveProcess;
import dev.talon.api.InteractiveRequest;
import dev.talon.api.ToolProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CountedExtensionsTest {

    private static List<String> notForwarded(Class<?> api, Class<?> wrapper) {
        return Arrays.stream(api.getMethods())
                .filter(method -> !Modifier.isStatic(method.getModifiers()) && method.getDeclaringClass() == api)
                .filter(method -> {
                    try {
                        Method declared = wrapper.getDeclaredMethod(method.getName(), method.getParameterTypes());
                        return declared.isDefault();
                    } catch (NoSuchMethodException e) {
                        return true;
                    }
                })
                .map(Method::toString).toList();
    }

    @Test
    @DisplayName("the counting wrappers forward every method of their interface, defaults included")
    void everyMethodIsForwarded() {
        // a default left to the interface would answer for the plugin without asking it (and without counting)
        assertThat(notForwarded(ExecBackend.class, CountedExecBackend.class)).isEmpty();
        assertThat(notForwarded(ToolProvider.class, CountedToolProvider.class)).isEmpty();
    }

    @Test
    @DisplayName("an interactive program counts as a running call until it is closed, once")
    void interactiveProgramCountsUntilClosed() throws Exception {
        InFlightCalls calls = new InFlightCalls("exec-test");
        ExecBackend counted = new CountedExecBackend(new ProgramsBackend(), calls);

        InteractiveProcess program = counted.startInteractive(new InteractiveRequest(List.of("server"), Path.of("/w"),
                Duration.ofSeconds(5), Map.of(), "t", "s"));
        assertThat(calls.running()).isEqualTo(1);
        assertThat(calls.closeIfIdle()).isFalse();

        program.close();
        program.close();
        assertThat(calls.running()).isZero();
    }

    private static final class ProgramsBackend implements ExecBackend {
        @Override
        public String id() {
            return "programs";
        }

        @Override
        public ExecResult exec(ExecRequest request) {
            return new ExecResult("", "", 0, false);
        }

        @Override
        public InteractiveProcess startInteractive(InteractiveRequest request) {
            return new InteractiveProcess() {
                @Override
                public OutputStream stdin() {
                    return new ByteArrayOutputStream();
                }

                @Override
                public InputStream stdout() {
                    return new ByteArrayInputStream(new byte[0]);
                }

                @Override
                public String stderrTail() {
                    return "";
                }

                @Override
                public boolean isAlive() {
                    return false;
                }

                @Override
                public OptionalInt exitCode() {
                    return OptionalInt.of(0);
                }

                @Override
                public void destroy() {
                }
            };
        }
    }
}
