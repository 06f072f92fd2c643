package dev.talon.platform.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.api.Usage;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PriceTest {

    @Test
    void cachedInputTokensAreChargedAtTheirOwnPricesAndTheRestAtTheInputPrice() {
        Price price = new Price(new BigDecimal("3"), new BigDecimal("15"), new BigDecimal("0.30"),
                new BigDecimal("3.75"));

        // 1000 input of which 600 cache reads and 100 cache writes: 300 uncached
        BigDecimal cost = price.cost(new Usage(1_000, 200, 600, 100));

        // (300*3 + 200*15 + 600*0.3 + 100*3.75) / 1e6 = (900 + 3000 + 180 + 375) / 1e6
        assertThat(cost).isEqualByComparingTo("0.004455");
    }

    @Test
    void cachePricesDefaultToTheInputPrice() {
        Price price = new Price(new BigDecimal("2"), new BigDecimal("8"), null, null);

        assertThat(price.cost(new Usage(1_000_000, 0, 500_000, 0))).isEqualByComparingTo("2");
    }
}
