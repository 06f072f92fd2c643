package dev.talon.platform.budget;

import dev.talon.api.Usage;
import java.math.BigDecimal;

/**
 * What a model costs, in US dollars per million tokens. Cache prices default to the input price when not given.
 * {@link Usage#inputTokens()} counts cached tokens too, so only the rest is charged at the input price.
 */
public record Price(BigDecimal inputPerMTok, BigDecimal outputPerMTok, BigDecimal cacheReadPerMTok,
                    BigDecimal cacheWritePerMTok) {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public static final Price FREE = new Price(BigDecimal.ZERO, BigDecimal.ZERO, null, null);

    public Price {
        inputPerMTok = inputPerMTok == null ? BigDecimal.ZERO : inputPerMTok;
        outputPerMTok = outputPerMTok == null ? BigDecimal.ZERO : outputPerMTok;
        cacheReadPerMTok = cacheReadPerMTok == null ? inputPerMTok : cacheReadPerMTok;
        cacheWritePerMTok = cacheWritePerMTok == null ? inputPerMTok : cacheWritePerMTok;
        for (BigDecimal price : new BigDecimal[] {inputPerMTok, outputPerMTok, cacheReadPerMTok, cacheWritePerMTok}) {
            if (price.signum() < 0) {
                throw new IllegalArgumentException("a price cannot be negative: " + price);
            }
        }
    }

    /** The exact cost of the usage in US dollars (no rounding: the ledger keeps every digit). */
    public BigDecimal cost(Usage usage) {
        long uncachedInput = Math.max(0, usage.inputTokens() - usage.cacheReadTokens() - usage.cacheWriteTokens());
        BigDecimal micro = inputPerMTok.multiply(BigDecimal.valueOf(uncachedInput))
                .add(outputPerMTok.multiply(BigDecimal.valueOf(usage.outputTokens())))
                .add(cacheReadPerMTok.multiply(BigDecimal.valueOf(usage.cacheReadTokens())))
                .add(cacheWritePerMTok.multiply(BigDecimal.valueOf(usage.cacheWriteTokens())));
        return micro.divide(MILLION).stripTrailingZeros();
    }
}
