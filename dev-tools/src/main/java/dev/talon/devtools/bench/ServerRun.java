package dev.talon.devtools.bench;

import java.util.List;

/**
 * Everything measured against one dev server.
 *
 * @param server               default, rps or tuned
 * @param dynamicConfig        the dev server's --dynamic-config-value pairs
 * @param comparisons          sequential and concurrent runs
 * @param historyBytesPerStep  Talon's workflow history bytes per step (largest K), and the floor's per 2 activities
 * @param floorBytesPerStep    the floor's
 * @param workerRssMiB         the worker process after the runs
 * @param serverRssMiB         the REST server process after the runs
 * @param temporalRssMiB       the dev server after the runs
 */
public record ServerRun(String server, List<String> dynamicConfig, List<Comparison> comparisons, double historyBytesPerStep,
                 double floorBytesPerStep, double workerRssMiB, double serverRssMiB, double temporalRssMiB) {
}
