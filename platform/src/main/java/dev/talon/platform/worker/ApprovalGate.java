package dev.talon.platform.worker;

import dev.talon.api.ToolEffect;
import dev.talon.platform.plugin.TenantToolbox;
import dev.talon.platform.tenant.ApprovalPolicy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which tools of a turn wait for a human: those the tenant names, and, with {@code approval.sideEffects}, every tool
 * of its toolbox whose effect is {@link ToolEffect#SIDE_EFFECTS}. Decided in BuildPrompt, an activity, and handed
 * to the workflow in the prompt: workflow code reads no config and asks no plugin.
 */
final class ApprovalGate {

    private ApprovalGate() {
    }

    static List<String> gatedTools(ApprovalPolicy policy, TenantToolbox toolbox) {
        Set<String> gated = new LinkedHashSet<>(policy.tools());
        if (policy.sideEffects()) {
            toolbox.specs().forEach(spec -> toolbox.tool(spec.name())
                    .filter(tool -> tool.effect() == null || tool.effect() == ToolEffect.SIDE_EFFECTS)
                    .ifPresent(tool -> gated.add(spec.name())));
        }
        return new ArrayList<>(gated);
    }
}
