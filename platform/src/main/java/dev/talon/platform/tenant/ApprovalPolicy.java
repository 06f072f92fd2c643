package dev.talon.platform.tenant;

import java.util.List;

/**
 * Tools that need a human's yes before they run.
 *
 * @param tools          tool names that wait for approval
 * @param timeoutSeconds how long to wait; no answer in time means deny
 */
public record ApprovalPolicy(List<String> tools, Integer timeoutSeconds) {

    public static final ApprovalPolicy NONE = new ApprovalPolicy(List.of(), 300);

    public ApprovalPolicy {
        tools = tools == null ? List.of() : List.copyOf(tools);
        timeoutSeconds = timeoutSeconds == null ? 300 : timeoutSeconds;
    }
}
