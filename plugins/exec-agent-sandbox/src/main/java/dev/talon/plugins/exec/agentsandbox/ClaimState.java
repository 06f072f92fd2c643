package dev.talon.plugins.exec.agentsandbox;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a SandboxClaim's status says, read from the untyped object the API returns.
 *
 * @param ready       the Ready condition is True
 * @param sandboxName status.sandbox.name (or the older {@code Name}), empty when not set yet
 * @param podIPs      status.sandbox.podIPs, empty when not reported
 * @param reason      the Ready condition's reason, empty when there is none
 * @param message     the Ready condition's message, empty when there is none
 */
record ClaimState(boolean ready, String sandboxName, List<String> podIPs, String reason, String message) {

    static final ClaimState UNKNOWN = new ClaimState(false, "", List.of(), "", "");

    static ClaimState of(Map<String, Object> claim) {
        Map<String, Object> status = Json.map(claim.get("status"));
        boolean ready = false;
        String reason = "";
        String message = "";
        for (Object item : Json.list(status.get("conditions"))) {
            Map<String, Object> condition = Json.map(item);
            if ("Ready".equals(condition.get("type"))) {
                ready = "True".equals(condition.get("status"));
                reason = Json.string(condition.get("reason"));
                message = Json.string(condition.get("message"));
            }
        }
        Map<String, Object> sandbox = Json.map(status.get("sandbox"));
        // the field was "Name" before the CRD was tidied up; controllers of both ages are about
        String name = Optional.of(Json.string(sandbox.get("name")))
                .filter(n -> !n.isEmpty())
                .orElse(Json.string(sandbox.get("Name")));
        List<String> podIPs = Json.list(sandbox.get("podIPs")).stream()
                .map(Json::string)
                .filter(ip -> !ip.isEmpty())
                .toList();
        return new ClaimState(ready, name, podIPs, reason, message);
    }

    /** A Ready condition that will not turn True by waiting, e.g. {@code TemplateNotFound}. */
    boolean hopeless() {
        return !ready && reason.endsWith("NotFound");
    }

    /** For error text: "reason: message", or nothing. */
    String describe() {
        if (reason.isEmpty() && message.isEmpty()) {
            return "";
        }
        return message.isEmpty() ? reason : reason.isEmpty() ? message : reason + ": " + message;
    }
}
