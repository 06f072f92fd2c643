package dev.talon.devtools.bench;

import java.util.List;

/**
 * Timings of one kind of run (seconds) with what they cost.
 *
 * @param count          runs that finished
 * @param failures       runs that did not (an HTTP error, a failed turn, a timeout)
 * @param p50            median latency
 * @param p95            95th percentile latency
 * @param wallSeconds    the whole phase, start of the first run to end of the last
 * @param perSecond      finished runs per second of wall time
 * @param cpuSecondsEach CPU seconds of the measured processes per finished run (NaN when unknown)
 */
public record Latencies(int count, int failures, double p50, double p95, double wallSeconds, double perSecond,
                 double cpuSecondsEach) {

    static Latencies of(List<Double> seconds, int failures, double wallSeconds, double cpuSeconds) {
        List<Double> sorted = seconds.stream().sorted().toList();
        int n = sorted.size();
        return new Latencies(n, failures, percentile(sorted, 0.5), percentile(sorted, 0.95), wallSeconds,
                n / wallSeconds, n == 0 ? Double.NaN : cpuSeconds / n);
    }

    private static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }
}
