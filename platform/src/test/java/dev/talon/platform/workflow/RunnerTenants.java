package dev.talon.platform.workflow;

import dev.talon.platform.tenant.ExecPolicy;
import dev.talon.platform.tenant.Limits;
import dev.talon.platform.tenant.ProviderConfig;
import dev.talon.platform.tenant.TenantConfig;
import java.util.List;

/** The tenant the in-memory turn runner tests share: provider "p", no exec, 100 iterations. */
final class RunnerTenants {

    static final TenantConfig ACME = new TenantConfig("acme", List.of(), "default", "q", List.of("p"),
            new ProviderConfig("p", "m", null, null, null, null, null), ExecPolicy.DISABLED,
            new Limits(100, 10, 100), null);

    private RunnerTenants() {
    }
}
