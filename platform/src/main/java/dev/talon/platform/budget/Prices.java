package dev.talon.platform.budget;

import dev.talon.api.Usage;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The platform's prices per model, from {@code talon.prices}: a list of {@code {model, input-per-mtok,
 * output-per-mtok, cache-read-per-mtok, cache-write-per-mtok}} (US dollars per million tokens). A list, not a
 * map keyed by model, because model names carry dots ({@code gpt-4.1}) that config keys cannot. A model without
 * a price costs nothing: its tokens still count against token budgets.
 */
public final class Prices {

    /** The most list entries read; an index past the first gap is not looked at either. */
    private static final int MAX_ENTRIES = 1_000;

    public static final Prices NONE = new Prices(Map.of());

    private final Map<String, Price> byModel;

    public Prices(Map<String, Price> byModel) {
        this.byModel = Map.copyOf(byModel);
    }

    public static Prices from(Config config) {
        Map<String, Price> prices = new LinkedHashMap<>();
        for (int i = 0; i < MAX_ENTRIES; i++) {
            String prefix = "talon.prices." + i + ".";
            Optional<String> model = config.getOptionalValue(prefix + "model", String.class);
            if (model.isEmpty()) {
                break;
            }
            try {
                prices.put(model.get().strip(), new Price(amount(config, prefix + "input-per-mtok"),
                        amount(config, prefix + "output-per-mtok"), amount(config, prefix + "cache-read-per-mtok"),
                        amount(config, prefix + "cache-write-per-mtok")));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("talon.prices." + i + " (model " + model.get() + "): "
                        + e.getMessage(), e);
            }
        }
        return new Prices(prices);
    }

    private static BigDecimal amount(Config config, String key) {
        return config.getOptionalValue(key, String.class).map(String::strip).map(text -> {
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " is '" + text + "', not a number of dollars");
            }
        }).orElse(null);
    }

    public Price of(String model) {
        return byModel.getOrDefault(model, Price.FREE);
    }

    public BigDecimal cost(String model, Usage usage) {
        return of(model).cost(usage);
    }

    public boolean priced(String model) {
        return byModel.containsKey(model);
    }
}
