package dev.talon.platform.temporal;

/**
 * Workflow ids of turns: {@code talon/<tenant>/turn/<turnId>}. The tenant is part of the id so two
 * tenants sharing a namespace can use the same turn ids without meeting.
 */
public final class TurnIds {

    private TurnIds() {
    }

    public static String workflowId(String tenant, String turnId) {
        return "talon/" + tenant + "/turn/" + turnId;
    }
}
