package dev.talon.kubetest;

/** What a command printed: stdout, and stderr (where kubectl puts its warnings, e.g. PodSecurity's). */
public record CommandOutput(String stdout, String stderr) {
}
