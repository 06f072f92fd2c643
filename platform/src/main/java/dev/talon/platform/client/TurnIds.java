package dev.talon.platform.client;

/**
 * Workflow ids of turns ({@code talon/<tenant>/turn/<turnId>}) and sessions ({@code talon/<tenant>/session/<session>}).
 * The tenant is part of the id so two tenants sharing a namespace can use the same ids without meeting.
 */
public final class TurnIds {

    private TurnIds() {
    }

    public static String workflowId(String tenant, String turnId) {
        return turnPrefix(tenant) + turnId;
    }

    /** What every turn workflow id of the tenant starts with. */
    public static String turnPrefix(String tenant) {
        return "talon/" + tenant + "/turn/";
    }

    public static String sessionWorkflowId(String tenant, String session) {
        return "talon/" + tenant + "/session/" + session;
    }
}
