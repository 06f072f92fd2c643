package dev.talon.platform.events;

import dev.talon.platform.client.TemporalConnection;
import dev.talon.platform.data.DataLayout;
import dev.talon.platform.data.TurnStreamTail;
import java.util.Optional;

/**
 * Live progress of turns and sessions, read from Temporal itself: workflow history (long-polled), pending
 * activities (retries) and the turn's approval query. No in-process event bus, so the REST server that
 * streams and the worker that runs the turn can be different processes.
 *
 * <p>All streams of one workflow share one {@link WorkflowFollower}: one long poll and one translation per
 * event, however many clients watch. Each tenant may hold {@link StreamSettings#maxStreamsPerTenant()}
 * streams at once.
 *
 * <p>The text an LLM call streams is not in history: it is tailed from the turn's stream file on the shared
 * data volume ({@link TextDeltaCursor}).
 */
public final class ProgressStream implements AutoCloseable {

    private final StreamSettings settings;
    private final StreamSlots slots;
    private final Followers followers;
    private final DataLayout layout;

    public ProgressStream(TemporalConnection temporal, StreamSettings settings, DataLayout layout) {
        this.settings = settings;
        this.layout = layout;
        this.slots = new StreamSlots(settings.maxStreamsPerTenant());
        this.followers = new Followers(temporal);
    }

    public StreamSettings settings() {
        return settings;
    }

    /** A slot for one more stream of the tenant; empty when it holds as many as allowed. */
    public Optional<StreamSlot> reserve(String tenantId) {
        return slots.reserve(tenantId);
    }

    /** Streams open now, all tenants. */
    public int openStreams() {
        return slots.open();
    }

    public int openStreams(String tenantId) {
        return slots.open(tenantId);
    }

    /** Workflows followed now: one history long poll each. */
    public int followedWorkflows() {
        return followers.count();
    }

    /** A turn's events until it ends, after the resume point, with the text its LLM calls stream. */
    public ProgressCursor turn(String tenant, String namespace, String turnId, String workflowId, ResumePoint resume) {
        return new TextDeltaCursor(new TurnCursor(followers.subscribe(new FollowerKey(namespace, workflowId,
                FollowerKey.Kind.TURN)), resume.eventId()), id -> TurnStreamTail.of(layout, tenant, id), turnId,
                resume.eventId() > 0);
    }

    /**
     * A session's events: each turn it starts (with that turn's events), across continue-as-new, until the
     * session workflow ends.
     */
    public ProgressCursor session(String tenant, String namespace, String workflowId, ResumePoint resume) {
        Subscription session = followers.subscribe(new FollowerKey(namespace, workflowId, FollowerKey.Kind.SESSION));
        return new TextDeltaCursor(new SessionCursor(session,
                turnWorkflowId -> followers.subscribe(new FollowerKey(namespace, turnWorkflowId, FollowerKey.Kind.TURN)),
                resume), id -> TurnStreamTail.of(layout, tenant, id), resume.turnId(), resume.turnId() != null);
    }

    /** Stops every follower; their streams end. */
    @Override
    public void close() {
        followers.close();
    }
}
