package dev.talon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ToolSettingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void typedGettersReadWhatIsThereAndRefuseWrongShapes() throws Exception {
        ObjectNode source = (ObjectNode) JSON.readTree("""
                {"name": "x", "count": 3, "on": true, "hosts": ["a", "b"], "key": {"file": "/run/key"}}""");
        ToolSettings settings = ToolSettings.of(source, SecretResolver.NONE);
        source.put("name", "changed later");

        assertThat(settings.names()).containsExactly("name", "count", "on", "hosts", "key");
        assertThat(settings.string("name")).contains("x");
        assertThat(settings.integer("count")).contains(3);
        assertThat(settings.bool("on")).contains(true);
        assertThat(settings.strings("hosts")).containsExactly("a", "b");
        assertThat(settings.strings("absent")).isEmpty();
        assertThat(settings.secretReference("key")).contains(SecretReference.file("/run/key"));
        assertThatThrownBy(() -> settings.integer("name")).hasMessage("setting 'name' must be a whole number");
        assertThatThrownBy(() -> settings.strings("name")).hasMessage("setting 'name' must be a list of strings");
        assertThatThrownBy(() -> settings.secret("key")).isInstanceOf(IllegalStateException.class)
                .hasMessage("file /run/key cannot be read here");
        assertThat(ToolSettings.EMPTY.names()).isEmpty();
    }

    @Test
    void aSecretReferenceIsExactlyOneOfEnvOrFile() throws Exception {
        assertThat(SecretReference.parse(JSON.readTree("{\"env\": \"K\"}"))).isEqualTo(SecretReference.env("K"));
        for (String bad : new String[] {"\"plain-key\"", "{}", "{\"env\": \"K\", \"file\": \"/f\"}", "{\"env\": 1}",
            "{\"url\": \"x\"}", "{\"env\": \" \"}"}) {
            assertThatThrownBy(() -> SecretReference.parse(JSON.readTree(bad)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("plain-key");
        }
    }
}
