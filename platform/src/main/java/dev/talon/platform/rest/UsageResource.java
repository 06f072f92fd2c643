package dev.talon.platform.rest;

import dev.talon.platform.budget.Budgets;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A tenant's own LLM usage: today and this month (UTC), by model, beside its budgets. */
@Path("/v1/tenants/{tenant}/usage")
@TenantAuthenticated
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {

    private final Budgets budgets;
    private final AuthenticatedTenant caller;

    @Inject
    public UsageResource(Budgets budgets, AuthenticatedTenant caller) {
        this.budgets = budgets;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Tokens and cost used today and this month, by model, with the budgets and their resets")
    public Response get() {
        return Json.response(200, budgets.report(caller.get()));
    }
}
