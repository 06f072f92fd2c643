package dev.talon.platform.events;

/** One followed workflow: all streams of the same turn (or session) share its follower. */
record FollowerKey(String namespace, String workflowId, Kind kind) {

    enum Kind {
        /** an AgentTurn workflow: its steps, retries, approvals and outcome */
        TURN,
        /** an AgentSession workflow: the turns it starts (followed each on its own) and its end */
        SESSION
    }
}
