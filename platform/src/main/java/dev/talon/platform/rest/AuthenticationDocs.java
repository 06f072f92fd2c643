package dev.talon.platform.rest;

import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Describes in {@code /openapi} what the authentication filters enforce, since the resource methods no longer take
 * the key header or the tenant path parameter: every {@code /v1/} operation needs a bearer key, and the tenant
 * routes name their tenant. Installed with {@code mp.openapi.filter}.
 */
public class AuthenticationDocs implements OASFilter {

    static final String SCHEME = "bearerKey";
    private static final String TENANT_ROUTES = "/v1/tenants/{" + TenantAuthenticationFilter.TENANT_PARAM + "}";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents() == null ? OASFactory.createComponents()
                : openAPI.getComponents();
        openAPI.components(components.addSecurityScheme(SCHEME, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("a key of the tenant the route names; on /v1/admin routes, an admin key")));
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (!path.startsWith("/v1/")) {
                return;
            }
            for (Operation operation : item.getOperations().values()) {
                operation.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(SCHEME));
                if (!operation.getResponses().hasAPIResponse("401")) {
                    operation.getResponses().addAPIResponse("401", OASFactory.createAPIResponse()
                            .description("missing or wrong key"));
                }
                if (path.startsWith(TENANT_ROUTES) && !namesTenant(operation.getParameters())) {
                    operation.addParameter(OASFactory.createParameter().name(TenantAuthenticationFilter.TENANT_PARAM)
                            .in(Parameter.In.PATH).required(true).description("the tenant id")
                            .schema(OASFactory.createSchema().type(Schema.SchemaType.STRING)));
                }
            }
        });
    }

    private static boolean namesTenant(List<Parameter> parameters) {
        return parameters != null && parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.PATH
                && TenantAuthenticationFilter.TENANT_PARAM.equals(p.getName()));
    }
}
