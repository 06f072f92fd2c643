package dev.talon.plugins.exec.agentsandbox;

import io.kubernetes.client.openapi.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One SandboxClaim per (tenant, session): made on the session's first command, waited for until Ready, reused
 * after that, its expiry pushed back while the session keeps using it, deleted when the session ends.
 *
 * <p>The claim name is derived from the session alone, so a worker that never saw the session (another process,
 * or this one after a restart) finds the same claim instead of making a second one. What is kept here is only
 * when each claim's expiry was last pushed back.
 */
final class SessionSandboxes {

    /** The expiry is pushed back at most this often: a patch per command would be noise on the API server. */
    static final Duration REFRESH_INTERVAL = Duration.ofMinutes(1);
    private static final int HTTP_CONFLICT = 409;

    private final Settings settings;
    private final ClaimClient claims;
    private final Clock clock;
    private final System.Logger log;
    private final Map<SessionKey, Instant> refreshed = new ConcurrentHashMap<>();
    private final Map<SessionKey, ReentrantLock> locks = new ConcurrentHashMap<>();

    SessionSandboxes(Settings settings, ClaimClient claims, Clock clock, System.Logger log) {
        this.settings = settings;
        this.claims = claims;
        this.clock = clock;
        this.log = log;
    }

    /** The session's Ready sandbox, making and waiting for its claim when needed. */
    ReadySandbox acquire(SessionKey key) throws InterruptedException, SandboxUnavailable {
        // one claim even when a session's commands arrive together: the second waits for the first's claim
        ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
        lock.lockInterruptibly();
        try {
            return readyClaim(key, ClaimNames.of(key));
        } finally {
            lock.unlock();
        }
    }

    private ReadySandbox readyClaim(SessionKey key, String name) throws InterruptedException, SandboxUnavailable {
        Instant now = clock.instant();
        Map<String, Object> claim;
        boolean created = false;
        try {
            Optional<Map<String, Object>> existing = claims.get(name);
            if (existing.isPresent()) {
                claim = existing.get();
            } else {
                // gone (expired, deleted) or never made: what we remembered about it is stale
                refreshed.remove(key);
                claim = create(key, name, now);
                created = true;
            }
        } catch (ApiException e) {
            throw apiFailure("read or create", name, e);
        }
        checkOwner(key, name, claim);
        checkTenantEnv(key, name, claim, created);
        ReadySandbox sandbox = settings.shape().readySandbox(name, ClaimState.of(claim)).orElse(null);
        if (sandbox == null) {
            sandbox = awaitReady(key, name);
        }
        refreshIfDue(key, name, now);
        return sandbox;
    }

    private Map<String, Object> create(SessionKey key, String name, Instant now) throws ApiException {
        Map<String, Object> manifest =
                settings.shape().manifest(name, key, now.plus(settings.idleTtl()), settings.idleTtl(),
                        settings.workspacePath().isPresent());
        try {
            Map<String, Object> created = claims.create(manifest);
            forgetExpired(now);
            refreshed.put(key, now);
            log.log(System.Logger.Level.INFO, "created SandboxClaim {0} in namespace {1} from {2}",
                    name, settings.namespace(), settings.shape().source());
            return created;
        } catch (ApiException e) {
            if (e.getCode() != HTTP_CONFLICT) {
                throw e;
            }
            // another worker made it between our read and our create: use theirs
            return claims.get(name).orElseThrow(() -> e);
        }
    }

    // Sessions that never ended through sessionEnded: their claims expired long ago, so must their entries.
    private void forgetExpired(Instant now) {
        Instant expired = now.minus(settings.idleTtl());
        refreshed.entrySet().removeIf(entry -> entry.getValue().isBefore(expired));
        locks.entrySet().removeIf(entry -> !refreshed.containsKey(entry.getKey()) && !entry.getValue().isLocked());
    }

    private void checkOwner(SessionKey key, String name, Map<String, Object> claim) throws SandboxUnavailable {
        Map<String, Object> annotations = Json.map(Json.map(claim.get("metadata")).get("annotations"));
        if (!key.tenant().equals(annotations.get(ClaimShape.TENANT_ANNOTATION))
                || !key.session().equals(annotations.get(ClaimShape.SESSION_ANNOTATION))) {
            throw new SandboxUnavailable("SandboxClaim " + name + " in namespace " + settings.namespace()
                    + " exists but was not made by Talon for this session (annotations "
                    + ClaimShape.TENANT_ANNOTATION + ", " + ClaimShape.SESSION_ANNOTATION
                    + "); delete it or choose another namespace");
        }
    }

    /**
     * With the workspace mounted, the claim must name its tenant in {@link ClaimShape#TENANT_ENV}: the template
     * mounts {@code tenants/$(TALON_TENANT)/workspace}, and without the variable the pod would get that path
     * literally, one directory shared by every tenant of the template.
     */
    private void checkTenantEnv(SessionKey key, String name, Map<String, Object> claim, boolean created)
            throws SandboxUnavailable {
        if (settings.workspacePath().isEmpty()
                || ClaimShape.tenantEnv(claim).filter(key.tenant()::equals).isPresent()) {
            return;
        }
        refreshed.remove(key);
        deleteQuietly(name);
        String where = "SandboxClaim " + name + " in namespace " + settings.namespace();
        throw new SandboxUnavailable(created
                ? where + " lost its spec.env when it was stored, so its sandbox could not mount only this tenant's"
                        + " workspace; it was deleted. Install agent-sandbox v0.4.0 or later (claims with env), or"
                        + " set workdir: runtime"
                : where + " does not name this tenant in " + ClaimShape.TENANT_ENV + " (made before workdir:"
                        + " workspace was set?); it was deleted, the next command makes a new one");
    }

    private ReadySandbox awaitReady(SessionKey key, String name) throws InterruptedException, SandboxUnavailable {
        Readiness readiness;
        try {
            readiness = claims.awaitReady(name, settings.readyTimeout());
        } catch (ApiException e) {
            throw apiFailure("watch", name, e);
        }
        String where = "SandboxClaim " + name + " in namespace " + settings.namespace();
        String failure;
        switch (readiness) {
            case Readiness.Ready ready -> {
                return ready.sandbox();
            }
            case Readiness.TimedOut t -> failure = where + " did not become Ready within "
                    + settings.readyTimeout().toSeconds() + " s" + lastSeen(t.last()) + "; it was deleted. Check that "
                    + settings.shape().source() + " exists in that namespace, that the agent-sandbox controller is"
                    + " running, and the sandbox pod's events (kubectl -n " + settings.namespace()
                    + " get sandboxes,pods; kubectl describe pod) for image pulls, scheduling or a failing"
                    + " readiness probe" + envHint();
            case Readiness.Refused r -> failure = where + " cannot become Ready" + lastSeen(r.last())
                    + "; it was deleted. Check that " + settings.shape().source() + " exists in namespace "
                    + settings.namespace() + envHint() + shadowPoolHint(r.last());
            case Readiness.Deleted d -> failure = where + " was deleted while waiting for it to become Ready;"
                    + " the next command makes a new one";
        }
        // a claim that never became Ready holds a pending pod or a warm-pool slot for nothing
        refreshed.remove(key);
        deleteQuietly(name);
        throw new SandboxUnavailable(failure);
    }

    private String envHint() {
        return settings.workspacePath().isEmpty() ? "" : ", and that it sets envVarsInjectionPolicy: Allowed and"
                + " mounts the data volume with subPathExpr tenants/$(" + ClaimShape.TENANT_ENV + ")/workspace";
    }

    // agent-sandbox >= v0.5.2 converts a v1alpha1 claim's template into the warm pool shadow-pool-<template>
    private String shadowPoolHint(ClaimState state) {
        if (!(settings.shape() instanceof ClaimShape.V1alpha1 v1alpha1) || !"WarmPoolNotFound".equals(state.reason())) {
            return "";
        }
        return ". agent-sandbox v0.5.2 and later serve v1alpha1 claims from a SandboxWarmPool named shadow-pool-"
                + v1alpha1.template() + " (k8s/sandbox/shadow-pool.yaml); or set api-version v1beta1 with warm-pool";
    }

    private static String lastSeen(ClaimState state) {
        return state.describe().isEmpty() ? "" : " (Ready condition: " + state.describe() + ")";
    }

    private void refreshIfDue(SessionKey key, String name, Instant now) throws SandboxUnavailable {
        Instant last = refreshed.get(key);
        if (last != null && Duration.between(last, now).compareTo(REFRESH_INTERVAL) < 0) {
            return;
        }
        try {
            claims.patchLifecycle(name, settings.shape().lifecycle(now.plus(settings.idleTtl()), settings.idleTtl()));
            refreshed.put(key, now);
        } catch (ApiException e) {
            throw apiFailure("extend the lifetime of", name, e);
        }
    }

    /** The session is over: delete its claim, wherever it was made. */
    void release(SessionKey key) {
        String name = ClaimNames.of(key);
        refreshed.remove(key);
        locks.remove(key);
        try {
            if (claims.delete(name)) {
                log.log(System.Logger.Level.INFO, "deleted SandboxClaim {0} in namespace {1}", name,
                        settings.namespace());
            }
        } catch (ApiException e) {
            // it still expires at its shutdownTime
            log.log(System.Logger.Level.WARNING, "could not delete SandboxClaim {0} in namespace {1}: {2}",
                    name, settings.namespace(), ClaimClient.describe(e));
        }
    }

    private void deleteQuietly(String name) {
        try {
            claims.delete(name);
        } catch (ApiException e) {
            log.log(System.Logger.Level.WARNING, "could not delete SandboxClaim {0} in namespace {1}: {2}",
                    name, settings.namespace(), ClaimClient.describe(e));
        }
    }

    private SandboxUnavailable apiFailure(String action, String name, ApiException e) {
        return new SandboxUnavailable("could not " + action + " SandboxClaim " + name + " (" + ClaimShape.GROUP
                + "/" + settings.shape().version() + ") in namespace " + settings.namespace()
                + " through the Kubernetes API: " + ClaimClient.describe(e) + ". Check that the API server is"
                + " reachable, that the agent-sandbox CRDs of that version are installed and that the worker's"
                + " service account may create, get, watch, patch and delete sandboxclaims there", e);
    }
}
