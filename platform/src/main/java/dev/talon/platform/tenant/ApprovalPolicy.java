package dev.talon.platform.tenant;

import java.util.List;

/**
 * Tools that need a human's yes before they run.
 *
 * @param tools          tool names that wait for approval
 * @param timeoutSeconds how long to wait; no answer in time means deny
 * @param sideEffects    when true, every tool whose effect is {@code SIDE_EFFECTS} (a tool that does not declare its
 *                       effect counts as one) waits for approval too, whatever its name
 */
public record ApprovalPolicy(List<String> tools, Integer timeoutSeconds, Boolean sideEffects) {

    public static final ApprovalPolicy NONE = new ApprovalPolicy(List.of(), 300, false);

    public ApprovalPolicy {
        tools = tools == null ? List.of() : List.copyOf(tools);
        timeoutSeconds = timeoutSeconds == null ? 300 : timeoutSeconds;
        sideEffects = sideEffects != null && sideEffects;
    }

    /** Approval by tool name only. */
    public ApprovalPolicy(List<String> tools, Integer timeoutSeconds) {
        this(tools, timeoutSeconds, false);
    }
}
