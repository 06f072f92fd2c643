package dev.talon.platform.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.talon.api.Tool;
import dev.talon.api.ToolContext;
import dev.talon.api.ToolResult;
import dev.talon.api.ToolSpec;
import dev.talon.platform.tenant.TenantConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The platform's {@code cron} tool: the LLM adds, lists, updates and removes the tenant's schedules (the same store
 * as the REST API, {@link TenantSchedules}). It runs inside the ExecuteTool activity, never in workflow code. A turn
 * that a schedule started cannot add, change or remove schedules (a job must not breed jobs). Offered only to a
 * tenant with {@code schedules.tool: true}.
 */
public final class CronTool implements Tool {

    public static final String NAME = "cron";
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private static final ToolSpec SPEC;

    static {
        try {
            SPEC = new ToolSpec(NAME, "Schedule messages to yourself: at each firing you get `message` as a new turn "
                    + "in this session. action add needs message and one of every_seconds (at least "
                    + JobRules.TOOL.minEverySeconds() + "), cron_expr (5 fields, with tz, an IANA zone) or at (ISO-8601"
                    + " time, fires once); job_id is optional. action list shows the jobs; remove needs job_id; "
                    + "update needs job_id and a new message and/or timing.", new ObjectMapper().readTree("""
                    {"type": "object", "additionalProperties": false, "required": ["action"], "properties": {
                      "action": {"type": "string", "enum": ["add", "list", "remove", "update"]},
                      "message": {"type": "string", "maxLength": 4000},
                      "every_seconds": {"type": "integer"},
                      "cron_expr": {"type": "string", "maxLength": 200},
                      "tz": {"type": "string", "maxLength": 64},
                      "at": {"type": "string", "maxLength": 64},
                      "job_id": {"type": "string", "maxLength": 64}}}
                    """));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private final TenantConfig tenant;
    private final TenantSchedules schedules;
    private final Clock clock;

    public CronTool(TenantConfig tenant, TenantSchedules schedules, Clock clock) {
        this.tenant = tenant;
        this.schedules = schedules;
        this.clock = clock;
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult execute(JsonNode arguments, ToolContext context) {
        String action = text(arguments, "action");
        try {
            if ("list".equals(action)) {
                return ToolResult.ok(json(schedules.list(tenant)));
            }
            if (!List.of("add", "remove", "update").contains(action)) {
                return ToolResult.error("Error: action must be add, list, remove or update");
            }
            if (ScheduleIds.scheduledTurn(context.turnId())) {
                return ToolResult.error("Error: this turn was started by a schedule, and a scheduled turn cannot add, "
                        + "change or remove schedules; tell the user instead");
            }
            JobRequest request = request(arguments, action);
            return switch (action) {
                case "add" -> add(request, context);
                case "remove" -> schedules.remove(tenant, JobRules.jobId(request.jobId()))
                        ? ToolResult.ok("Removed job '" + request.jobId() + "'.")
                        : ToolResult.error("Error: no job '" + request.jobId() + "'");
                default -> ToolResult.ok("Updated: " + json(schedules.update(tenant, JobRules.jobId(request.jobId()),
                        request, JobRules.TOOL, clock.instant())));
            };
        } catch (JobRefusedException e) {
            return ToolResult.error("Error: " + e.getMessage());
        }
    }

    private ToolResult add(JobRequest request, ToolContext context) {
        Job job = JobRules.TOOL.check(request, context.session(), madeId(context), clock.instant());
        try {
            return ToolResult.ok("Added: " + json(schedules.add(tenant, job)));
        } catch (JobRefusedException e) {
            // a retried call (the worker died after creating it) finds its own job: the same call, done once
            if (e.reason() == JobRefusedException.Reason.EXISTS) {
                var existing = schedules.find(tenant, job.id()).filter(view -> sameJob(view, job));
                if (existing.isPresent()) {
                    return ToolResult.ok("Added: " + json(existing.get()));
                }
            }
            throw e;
        }
    }

    private static boolean sameJob(JobView view, Job job) {
        return Objects.equals(view.session(), job.session()) && Objects.equals(view.message(), job.message())
                && Objects.equals(view.timing(), job.timing().text());
    }

    /** The same for every attempt of this tool call (its idempotency key), so a retry cannot add a second job. */
    private static String madeId(ToolContext context) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(context.idempotencyKey().getBytes(StandardCharsets.UTF_8));
            return "job-" + HexFormat.of().formatHex(digest, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static JobRequest request(JsonNode arguments, String action) {
        JsonNode every = arguments.get("every_seconds");
        if (every != null && !every.isNull() && !(every.isIntegralNumber() && every.canConvertToLong())) {
            throw JobRefusedException.invalid("every_seconds must be a whole number of seconds");
        }
        String jobId = text(arguments, "job_id");
        if (!"add".equals(action) && jobId == null) {
            throw JobRefusedException.invalid("action " + action + " needs job_id (see action list)");
        }
        return new JobRequest(jobId, null, text(arguments, "message"),
                every == null || every.isNull() ? null : every.asLong(), text(arguments, "cron_expr"),
                text(arguments, "tz"), text(arguments, "at"));
    }

    private static String text(JsonNode arguments, String field) {
        JsonNode value = arguments == null ? null : arguments.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
