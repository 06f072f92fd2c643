package dev.talon.plugins.exec.agentsandbox;

import java.util.List;

/**
 * A claim whose sandbox is Ready.
 *
 * @param claim  the SandboxClaim's name
 * @param name   the Sandbox's name (its headless Service has the same name); with a warm pool it differs from
 *               the claim's
 * @param podIPs the sandbox pod's addresses when the controller reports them (v1beta1), else empty
 */
record ReadySandbox(String claim, String name, List<String> podIPs) {
    ReadySandbox {
        podIPs = List.copyOf(podIPs);
    }
}
