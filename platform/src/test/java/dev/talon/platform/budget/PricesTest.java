package dev.talon.platform.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.talon.api.Usage;
import io.helidon.config.yaml.mp.YamlMpConfigSource;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code talon.prices} read from YAML the way application.yaml is read: model names with dots included. */
class PricesTest {

    @TempDir
    Path dir;

    private Config yaml(String text) throws Exception {
        Path file = dir.resolve("application.yaml");
        Files.writeString(file, text);
        return ConfigProviderResolver.instance().getBuilder().withSources(YamlMpConfigSource.create(file)).build();
    }

    @Test
    void aListOfModelsWithDotsInTheirNamesIsRead() throws Exception {
        Prices prices = Prices.from(yaml("""
                talon:
                  prices:
                    - {model: claude-sonnet-4-5, input-per-mtok: 3, output-per-mtok: 15, cache-read-per-mtok: 0.30, cache-write-per-mtok: 3.75}
                    - {model: gpt-4.1-mini, input-per-mtok: 0.40, output-per-mtok: 1.60}
                """));

        assertThat(prices.priced("gpt-4.1-mini")).isTrue();
        assertThat(prices.cost("gpt-4.1-mini", new Usage(1_000_000, 1_000_000))).isEqualByComparingTo("2.00");
        assertThat(prices.cost("claude-sonnet-4-5", new Usage(1_000_000, 0, 1_000_000, 0))).isEqualByComparingTo("0.3");
        assertThat(prices.priced("unknown")).isFalse();
        assertThat(prices.cost("unknown", new Usage(1_000_000, 1_000_000))).isEqualByComparingTo("0");
    }

    @Test
    void aPriceThatIsNotANumberStopsTheStartWithTheKey() throws Exception {
        Config config = yaml("""
                talon:
                  prices:
                    - {model: m, input-per-mtok: three}
                """);

        assertThatThrownBy(() -> Prices.from(config)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("talon.prices.0.input-per-mtok is 'three'");
    }

    @Test
    void aNegativePriceIsRefused() throws Exception {
        Config config = yaml("""
                talon:
                  prices:
                    - {model: m, output-per-mtok: -1}
                """);

        assertThatThrownBy(() -> Prices.from(config)).hasMessageContaining("cannot be negative");
    }
}
