package dev.talon.platform.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.ConnectException;
import java.util.Locale;

/**
 * Turns a failed call to a frontend into a sentence that says what to fix — which setting, and how — instead of
 * gRPC's "UNAVAILABLE: io exception". It names settings and addresses, never a key.
 */
final class TemporalProblems {

    private TemporalProblems() {
    }

    static String explain(TemporalEndpoint endpoint, Throwable failure) {
        String prefix = endpoint.settingsPrefix();
        String at = "the Temporal frontend at " + endpoint.target();
        String causes = causeChain(failure);
        if (contains(causes, "pkix path", "unable to find valid certification path", "certpathvalidator",
                "unknown_ca", "self-signed certificate")) {
            return at + " presented a certificate that this platform does not trust: set " + prefix
                    + ".tls.ca to the PEM file of the CA that signed the server's certificate"
                    + (endpoint.tls().flatMap(TemporalTls::ca).isPresent() ? " (the one set does not sign it)"
                    : " (none is set, so only the JVM's public CAs are trusted)");
        }
        if (contains(causes, "no subject alternative", "no name matching", "hostname")) {
            return at + " presented a certificate issued for another name: set " + prefix
                    + ".tls.server-name to the name in the server's certificate";
        }
        if (contains(causes, "bad_certificate", "certificate_required", "certificate_unknown")) {
            return at + " refused this platform's client certificate: set " + prefix + ".tls.client-cert and "
                    + prefix + ".tls.client-key to a certificate the namespace accepts (Temporal Cloud: one signed by "
                    + "the CA uploaded to the namespace)";
        }
        if (contains(causes, "not an ssl/tls record", "ssl/tls", "first received frame was not settings",
                "http/2 client preface")) {
            return endpoint.tls().isPresent()
                    ? at + " does not answer TLS: point " + prefix + ".target at its TLS port, or turn "
                    + prefix + ".tls off for a plaintext server"
                    : at + " expects TLS: set " + prefix + ".tls.enabled=true (and " + prefix
                    + ".tls.ca if its CA is private)";
        }
        if (endpoint.tls().isEmpty() && contains(causes, "network closed for unknown reason")) {
            // a TLS server hangs up on a plaintext client's first bytes
            return at + " closed the connection without an answer, as a TLS server does to a plaintext client: "
                    + "set " + prefix + ".tls.enabled=true (Temporal Cloud always needs it)";
        }
        Status.Code code = failure instanceof StatusRuntimeException status ? status.getStatus().getCode() : null;
        if (code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED) {
            return at + " refused the credentials (" + code + "): " + endpoint.apiKey()
                    .map(key -> "check the API key in " + key + " and that it may use the namespace")
                    .orElse("set " + prefix + ".api-key.env or .file, or a client certificate the namespace accepts");
        }
        if (hasCause(failure, ConnectException.class)) {
            return "nothing answers at " + endpoint.target() + ": start Temporal there, or fix " + prefix + ".target";
        }
        if (code == Status.Code.DEADLINE_EXCEEDED) {
            return at + " did not answer in time: check that " + prefix + ".target is a Temporal frontend and that "
                    + "the network lets the call through";
        }
        return at + " failed: " + (failure.getMessage() == null ? failure.getClass().getSimpleName()
                : failure.getMessage());
    }

    private static String causeChain(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            text.append(t.getClass().getName()).append(' ').append(t.getMessage()).append('\n');
        }
        return text.toString().toLowerCase(Locale.ROOT);
    }

    private static boolean contains(String text, String... needles) {
        for (String needle : needles) {
            if (text.contains(needle)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
