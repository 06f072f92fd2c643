package dev.talon.plugins.exec.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** The contract itself: it must fail a backend that leaks processes, output or environment, and only there. */
class ExecBackendContractTest {

    @Test
    void sloppyBackendFailsExactlyTheChecksForItsMistakes() {
        Set<String> failed = ConcurrentHashMap.newKeySet();
        Set<String> passed = ConcurrentHashMap.newKeySet();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(SloppyBackendContract.class))
                .build();
        Launcher launcher = LauncherFactory.create();

        launcher.execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.getSource().orElse(null) instanceof MethodSource method) {
                    (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL ? passed : failed)
                            .add(method.getMethodName());
                }
            }
        });

        assertThat(failed).containsExactlyInAnyOrder(
                "timeoutKillsTheCommandAndEverythingItStarted",
                "interruptingTheCallerKillsTheCommandAndThrowsInterruptedException",
                "bigOutputIsCutNotKeptWhole",
                "platformEnvironmentIsNotPassedOn");
        assertThat(passed).hasSize(9).doesNotContainAnyElementsOf(failed);
    }
}
