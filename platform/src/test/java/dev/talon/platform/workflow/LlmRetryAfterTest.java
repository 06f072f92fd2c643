package dev.talon.platform.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.api.LlmException;
import io.temporal.activity.Activity;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A provider's retry-after reaches Temporal: the next LlmChat attempt is scheduled that much later, read from the
 * times the Temporal server gives each attempt (ActivityInfo's started time), not from clocks in the test. (The
 * test server's history keeps the first attempt's start time on the started event, so the gap is read from the
 * attempts themselves; the history still shows the second attempt completing.)
 */
class LlmRetryAfterTest {

    private static final String QUEUE = "retry-after-turns";
    private static final String WORKFLOW_ID = "turn-retry-after";

    /** Longer than the LLM policy's first backoff (2 s), so a test ignoring retry-after would see the gap short. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(7);

    private TestWorkflowEnvironment env;
    private final List<Instant> attemptStarted = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startEnvironment() {
        env = TestWorkflowEnvironment.newInstance();
    }

    @AfterEach
    void stopEnvironment() {
        env.close();
    }

    private TurnResult runWithFirstCallFailing(LlmException firstFailure) {
        ScriptedActivities activities = new ScriptedActivities(10, call -> {
            attemptStarted.add(Instant.ofEpochMilli(Activity.getExecutionContext().getInfo().getStartedTimestamp()));
            if (call == 1) {
                throw LlmFailures.of(firstFailure, firstFailure.getMessage(), Instant.now());
            }
            return ScriptedActivities.answer("after the wait");
        });
        Worker worker = env.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(AgentTurnWorkflowImpl.class);
        worker.registerActivitiesImplementations(activities);
        env.start();
        AgentTurnWorkflow workflow = env.getWorkflowClient().newWorkflowStub(AgentTurnWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(WORKFLOW_ID).build());
        return workflow.run(new TurnRequest("acme", "s1", "turn-1", "hello"));
    }

    /** From history: LlmChat was scheduled once and completed on its second attempt. */
    private void completedOnTheSecondAttempt() {
        WorkflowExecutionHistory history = env.getWorkflowClient().fetchHistory(WORKFLOW_ID);
        HistoryEvent scheduled = null;
        HistoryEvent started = null;
        for (HistoryEvent event : history.getEvents()) {
            if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
                    && event.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("LlmChat")) {
                scheduled = event;
            }
            if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED && scheduled != null
                    && event.getActivityTaskStartedEventAttributes().getScheduledEventId() == scheduled.getEventId()) {
                started = event;
            }
        }
        assertThat(started).as("LlmChat started event").isNotNull();
        assertThat(started.getActivityTaskStartedEventAttributes().getAttempt()).isEqualTo(2);
    }

    @Test
    void aRetryAfterHoldsTheNextAttemptBackThatLong() {
        TurnResult result = runWithFirstCallFailing(
                LlmException.retryable("HTTP 429: slow down", 429, null, RETRY_AFTER));

        assertThat(result.reply()).isEqualTo("after the wait");
        completedOnTheSecondAttempt();
        assertThat(attemptStarted).hasSize(2);
        assertThat(Duration.between(attemptStarted.get(0), attemptStarted.get(1)))
                .isGreaterThanOrEqualTo(RETRY_AFTER);
    }

    @Test
    void withoutRetryAfterThePolicysShorterBackoffApplies() {
        TurnResult result = runWithFirstCallFailing(LlmException.retryable("HTTP 429: slow down", 429, null));

        assertThat(result.reply()).isEqualTo("after the wait");
        assertThat(attemptStarted).hasSize(2);
        // the control for the test above: the same failure without retry-after comes back sooner
        assertThat(Duration.between(attemptStarted.get(0), attemptStarted.get(1))).isLessThan(RETRY_AFTER);
    }
}
