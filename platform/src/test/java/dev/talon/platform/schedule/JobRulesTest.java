package dev.talon.platform.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the cron tool and the REST API accept as a job, and the words of each refusal. */
class JobRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    private static Job tool(JobRequest request) {
        return JobRules.TOOL.check(request, "s1", "job-made", NOW);
    }

    private static JobRequest every(long seconds) {
        return new JobRequest(null, null, "check the news", seconds, null, null, null);
    }

    private static JobRequest cron(String expression, String tz) {
        return new JobRequest("daily", null, "standup", null, expression, tz, null);
    }

    private static JobRequest at(String at, String tz) {
        return new JobRequest("once", null, "remind me", null, null, tz, at);
    }

    private static void refused(JobRules rules, JobRequest request, String words) {
        assertThatThrownBy(() -> rules.check(request, "s1", "job-made", NOW))
                .isInstanceOfSatisfying(JobRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(JobRefusedException.Reason.INVALID))
                .hasMessageContaining(words);
    }

    @Test
    @DisplayName("a valid interval job gets the made id and the caller's session")
    void validInterval() {
        Job job = tool(every(60));
        assertThat(job).isEqualTo(new Job("job-made", "s1", "check the news", new JobTiming.Every(60)));
        assertThat(job.timing().text()).isEqualTo("every_seconds=60");
    }

    @Test
    @DisplayName("every_seconds: at least 10 s from the tool, 1 s from the API, at most 366 days")
    void intervalBounds() {
        refused(JobRules.TOOL, every(9), "between 10 and");
        assertThat(JobRules.API.check(every(2), "s", "j", NOW).timing()).isEqualTo(new JobTiming.Every(2));
        refused(JobRules.API, every(0), "between 1 and");
        refused(JobRules.TOOL, every(JobRules.MAX_EVERY_SECONDS + 1), "366 days");
        refused(JobRules.TOOL, new JobRequest(null, null, "m", 60L, null, "UTC", null), "tz goes with");
    }

    @Test
    @DisplayName("exactly one timing")
    void oneTiming() {
        refused(JobRules.TOOL, new JobRequest(null, null, "m", null, null, null, null), "exactly one");
        refused(JobRules.TOOL, new JobRequest(null, null, "m", 60L, "0 9 * * *", null, null), "exactly one");
    }

    @Test
    @DisplayName("cron: five fields of cron characters, in an IANA zone")
    void cronRules() {
        assertThat(tool(cron("0  9 * * 1-5", "Europe/Berlin")).timing())
                .isEqualTo(new JobTiming.Cron("0 9 * * 1-5", "Europe/Berlin"));
        assertThat(tool(cron("*/15 * * * *", null)).timing()).isEqualTo(new JobTiming.Cron("*/15 * * * *", "UTC"));
        refused(JobRules.TOOL, cron("* * * * * *", null), "five fields");
        refused(JobRules.TOOL, cron("@every 1s", null), "five fields");
        refused(JobRules.TOOL, cron("0 9 * * $(rm)", null), "may only hold");
        refused(JobRules.TOOL, cron("0 9 * * *", "Mars/Olympus"), "not an IANA time zone");
        refused(JobRules.TOOL, cron("0 9 * * *", "+02:00"), "not an IANA time zone");
    }

    @Test
    @DisplayName("at: an ISO time in the future, with an offset or in tz, within a year")
    void atRules() {
        assertThat(tool(at("2026-12-02T13:00:00Z", null)).timing())
                .isEqualTo(new JobTiming.At(Instant.parse("2026-12-02T13:00:00Z")));
        assertThat(tool(at("2026-12-02T15:00:00", "Europe/Berlin")).timing())
                .isEqualTo(new JobTiming.At(Instant.parse("2026-12-02T14:00:00Z")));
        assertThat(tool(at("2026-12-02T13:00:00Z", null)).timing().once()).isTrue();
        refused(JobRules.TOOL, at("2026-12-02T11:00:00Z", null), "in the future");
        refused(JobRules.TOOL, at("2028-12-02T11:00:00Z", null), "within 366 days");
        refused(JobRules.TOOL, at("tomorrow", null), "ISO-8601");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-lead", "a/b", "../x", "name with space", "ü",
            "a1234567890123456789012345678901234567890123456789012345678901234"})
    @DisplayName("job ids: 1-64 letters, digits, - and _, starting with a letter or digit")
    void badJobIds(String id) {
        refused(JobRules.TOOL, new JobRequest(id, null, "m", 60L, null, null, null), "job_id must be");
    }

    @Test
    @DisplayName("messages: required, at most 4000 characters, no control characters; sessions: ids")
    void messagesAndSessions() {
        refused(JobRules.TOOL, new JobRequest(null, null, "  ", 60L, null, null, null), "message is required");
        refused(JobRules.TOOL, new JobRequest(null, null, "x".repeat(4001), 60L, null, null, null), "at most 4000");
        refused(JobRules.TOOL, new JobRequest(null, null, "a\u0000b", 60L, null, null, null), "control characters");
        refused(JobRules.API, new JobRequest(null, "../etc", "m", 60L, null, null, null), "session must match");
        assertThat(tool(new JobRequest(null, null, "line 1\nline 2", 60L, null, null, null)).message())
                .isEqualTo("line 1\nline 2");
    }

    @Test
    @DisplayName("update keeps what it does not change, and needs a change")
    void update() {
        Job job = tool(every(60));
        assertThat(JobRules.TOOL.change(job, new JobRequest("job-made", null, "new text", null, null, null, null), NOW))
                .isEqualTo(new Job("job-made", "s1", "new text", new JobTiming.Every(60)));
        assertThat(JobRules.TOOL.change(job, new JobRequest("job-made", null, null, 120L, null, null, null), NOW)
                .timing()).isEqualTo(new JobTiming.Every(120));
        assertThatThrownBy(() -> JobRules.TOOL.change(job, new JobRequest("job-made", null, null, null, null, null,
                null), NOW)).hasMessageContaining("update needs");
    }

    @Test
    @DisplayName("a timing survives as the schedule's note")
    void timingText() {
        for (JobTiming timing : new JobTiming[] {new JobTiming.Every(5), new JobTiming.Cron("0 9 * * 1-5",
                "Europe/Berlin"), new JobTiming.At(Instant.parse("2026-12-02T13:00:00Z"))}) {
            assertThat(JobTiming.fromText(timing.text())).isEqualTo(timing);
        }
        assertThat(JobTiming.fromText("Paused via Java SDK")).isNull();
    }
}
