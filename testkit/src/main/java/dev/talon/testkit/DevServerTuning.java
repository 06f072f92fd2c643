package dev.talon.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Dynamic config for {@code temporal server start-dev} that takes the waits out of task dispatch (the same values
 * as bin/talon up; docs/performance.md has the measurements). By default the history service's transfer queue is
 * polled at most 20 times a second, so each new workflow or activity task waits ~40 ms before matching sees it.
 */
public enum DevServerTuning {
    /** The dev server as it ships. */
    DEFAULT(List.of()),
    /** Only the transfer queue poll rate raised (the knob that matters most). */
    RPS(List.of("history.transferProcessorMaxPollRPS=1000")),
    /** Every knob of docs/performance.md. */
    TUNED(List.of("history.transferProcessorMaxPollRPS=1000", "history.timerProcessorMaxPollRPS=1000",
            "history.visibilityProcessorMaxPollRPS=1000",
            "matching.numTaskqueueReadPartitions=1", "matching.numTaskqueueWritePartitions=1"));

    private final List<String> values;

    DevServerTuning(List<String> values) {
        this.values = values;
    }

    /** {@code --dynamic-config-value k=v} pairs for start-dev. */
    public List<String> flags() {
        List<String> flags = new ArrayList<>();
        for (String value : values) {
            flags.add("--dynamic-config-value");
            flags.add(value);
        }
        return flags;
    }

    public List<String> dynamicConfig() {
        return values;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** default, rps or tuned, any case. */
    public static DevServerTuning parse(String name) {
        return valueOf(name.strip().toUpperCase(Locale.ROOT));
    }
}
