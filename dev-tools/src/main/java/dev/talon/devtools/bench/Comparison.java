package dev.talon.devtools.bench;

/**
 * One measurement, Talon beside the bare-Temporal floor with the same number of activities.
 *
 * @param name  e.g. {@code sequential K=5} or {@code 200 concurrent K=5}
 * @param steps K, the turn's LLM calls with a tool each (the floor runs 2K+3 no-op activities)
 */
public record Comparison(String name, int steps, int concurrency, Latencies talon, Latencies floor) {

    /** Talon's median over the floor's (for throughput phases: the floor's rate over Talon's). */
    public double ratio() {
        return concurrency <= 1 ? talon.p50() / floor.p50() : floor.perSecond() / talon.perSecond();
    }
}
