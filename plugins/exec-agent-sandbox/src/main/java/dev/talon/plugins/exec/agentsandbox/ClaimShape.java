package dev.talon.plugins.exec.agentsandbox;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SandboxClaim as each API version of {@code extensions.agents.x-k8s.io} spells it. The version is chosen
 * by config ({@code api-version}) because a cluster serves what its agent-sandbox release installed.
 */
sealed interface ClaimShape permits ClaimShape.V1alpha1, ClaimShape.V1beta1 {

    String GROUP = "extensions.agents.x-k8s.io";
    String PLURAL = "sandboxclaims";
    String TENANT_ANNOTATION = "talon.dev/tenant";
    String SESSION_ANNOTATION = "talon.dev/session";
    /**
     * The variable each claim sets ({@code spec.env}) to its tenant, for a template that mounts the workspace:
     * {@code subPathExpr: tenants/$(TALON_TENANT)/workspace} gives the pod that tenant's workspace and nothing else.
     */
    String TENANT_ENV = "TALON_TENANT";

    /** {@code spec.sandboxTemplateRef.name}: a fresh sandbox (or a warm one) from the template. */
    record V1alpha1(String template) implements ClaimShape {
    }

    /** {@code spec.warmPoolRef.name} (required by this version): a sandbox checked out of the warm pool. */
    record V1beta1(String warmPool) implements ClaimShape {
    }

    /** From config; throws {@link IllegalArgumentException} with a message fit for an operator. */
    static ClaimShape of(String apiVersion, Optional<String> template, Optional<String> warmPool) {
        return switch (apiVersion) {
            case "v1alpha1" -> new V1alpha1(template.orElseThrow(() -> new IllegalArgumentException(
                    "api-version v1alpha1 needs the setting 'template' (a SandboxTemplate name)")));
            case "v1beta1" -> new V1beta1(warmPool.orElseThrow(() -> new IllegalArgumentException(
                    "api-version v1beta1 needs the setting 'warm-pool' (a SandboxWarmPool name)")));
            default -> throw new IllegalArgumentException(
                    "api-version must be v1alpha1 or v1beta1, not '" + apiVersion + "'");
        };
    }

    default String version() {
        return switch (this) {
            case V1alpha1 ignored -> "v1alpha1";
            case V1beta1 ignored -> "v1beta1";
        };
    }

    /** What the claim draws its sandbox from, for error text. */
    default String source() {
        return switch (this) {
            case V1alpha1 v -> "SandboxTemplate '" + v.template() + "'";
            case V1beta1 v -> "SandboxWarmPool '" + v.warmPool() + "'";
        };
    }

    /**
     * A new claim for a session, expiring at {@code shutdownTime} unless it is refreshed.
     *
     * @param mountsWorkspace the template mounts the tenant's workspace: the claim names the tenant in
     *                        {@link #TENANT_ENV} (agent-sandbox then starts a fresh pod, never a warm one)
     */
    default Map<String, Object> manifest(String name, SessionKey key, Instant shutdownTime, Duration idleTtl,
                                         boolean mountsWorkspace) {
        Map<String, Object> spec = new LinkedHashMap<>();
        switch (this) {
            case V1alpha1 v -> spec.put("sandboxTemplateRef", Map.of("name", v.template()));
            case V1beta1 v -> spec.put("warmPoolRef", Map.of("name", v.warmPool()));
        }
        spec.put("lifecycle", lifecycle(shutdownTime, idleTtl));
        if (mountsWorkspace) {
            spec.put("env", List.of(Map.of("name", TENANT_ENV, "value", key.tenant())));
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        metadata.put("labels", Map.of("app.kubernetes.io/managed-by", "talon"));
        // annotations, not labels: label values may not hold every tenant or session id
        metadata.put("annotations", Map.of(TENANT_ANNOTATION, key.tenant(), SESSION_ANNOTATION, key.session()));
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put("apiVersion", GROUP + "/" + version());
        claim.put("kind", "SandboxClaim");
        claim.put("metadata", metadata);
        claim.put("spec", spec);
        return claim;
    }

    /**
     * {@code spec.lifecycle}: the controller deletes the claim, and with it the sandbox, at {@code shutdownTime}.
     * Both versions have shutdownTime and shutdownPolicy; v1beta1 also bounds how long a finished claim (one
     * whose pod ended by itself) is kept.
     */
    default Map<String, Object> lifecycle(Instant shutdownTime, Duration idleTtl) {
        Map<String, Object> lifecycle = new LinkedHashMap<>();
        lifecycle.put("shutdownTime", shutdownTime.truncatedTo(ChronoUnit.SECONDS).toString());
        lifecycle.put("shutdownPolicy", "Delete");
        switch (this) {
            case V1alpha1 ignored -> {
            }
            case V1beta1 ignored -> lifecycle.put("ttlSecondsAfterFinished", idleTtl.toSeconds());
        }
        return lifecycle;
    }

    /** The tenant the claim names in {@link #TENANT_ENV}; empty when it names none (or more than one). */
    static Optional<String> tenantEnv(Map<String, Object> claim) {
        List<String> values = Json.list(Json.map(claim.get("spec")).get("env")).stream()
                .map(Json::map)
                .filter(variable -> TENANT_ENV.equals(variable.get("name")))
                .map(variable -> Json.string(variable.get("value")))
                .toList();
        return values.size() == 1 ? Optional.of(values.getFirst()) : Optional.empty();
    }

    /** Where commands go, once the claim is Ready. */
    default Optional<ReadySandbox> readySandbox(String claim, ClaimState state) {
        if (!state.ready()) {
            return Optional.empty();
        }
        return switch (this) {
            // the v1alpha1 controller names the Sandbox after the claim; older ones do not report the name
            case V1alpha1 ignored -> Optional.of(new ReadySandbox(claim,
                    state.sandboxName().isEmpty() ? claim : state.sandboxName(), state.podIPs()));
            // a warm-pool sandbox keeps its own name: without it there is nowhere to send commands yet
            case V1beta1 ignored -> state.sandboxName().isEmpty()
                    ? Optional.empty()
                    : Optional.of(new ReadySandbox(claim, state.sandboxName(), state.podIPs()));
        };
    }
}
