package dev.talon.platform.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.microprofile.server.JaxRsApplication;
import io.helidon.microprofile.server.JaxRsCdiExtension;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.MediaType;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Fail-closed authentication: every JAX-RS route the running application serves, found by reflection over the
 * resource classes Helidon registered (not a hand-kept list), answers a call without a key, or with a wrong one,
 * with a 401 JSON error before it does anything. A route added without {@link TenantAuthenticated} or
 * {@link AdminAuthenticated} makes this test fail. Only the endpoints in {@link #PUBLIC} answer without a key.
 */
@HelidonTest
@AddConfig(key = "talon.temporal.target", value = "in-memory")
@AddConfig(key = "talon.data-dir", value = "target/test-data/every-route")
@AddConfig(key = "talon.plugins-dir", value = "target/plugins")
@AddConfig(key = "talon.tenants-file", value = "src/test/resources/tenants-test.yaml")
@AddConfig(key = "talon.admin.key", value = "test-admin-key")
class EveryRouteAuthenticatedTest {

    /** The endpoints that answer anyone, on purpose, each with the reason. */
    private static final Map<String, String> PUBLIC_BECAUSE = new LinkedHashMap<>();

    static {
        PUBLIC_BECAUSE.put("/health", "Kubernetes probes carry no key; they say up or down, nothing more");
        PUBLIC_BECAUSE.put("/health/live", "the liveness probe");
        PUBLIC_BECAUSE.put("/health/ready", "the readiness probe");
        PUBLIC_BECAUSE.put("/metrics", "Prometheus scrapes without a tenant key: it holds counts and durations by tenant "
                + "id, model and offered tool name (all from config), never message text, arguments or keys "
                + "(MetricsAndTracesTest); operations.md says to scrape it inside the cluster only");
        PUBLIC_BECAUSE.put("/openapi", "the API description: routes and schemas, no data");
        PUBLIC_BECAUSE.put("/console", "the console's page holds no data: it asks for a key and calls the API like any client");
        PUBLIC_BECAUSE.put("/console/app.js", "a console file, static like the page");
    }

    private static final List<String> PUBLIC = List.copyOf(PUBLIC_BECAUSE.keySet());
    /** Public route templates that are no literal path: the console's files. */
    private static final List<String> PUBLIC_TEMPLATES = List.of("/console/{asset: [a-z][a-z0-9-]{0,40}\\.(js|css|svg)}");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The tenant named in tenant routes: one that exists, so a refusal is about the key, not a 404. */
    private static final String TENANT = "acme";

    @Inject
    WebTarget target;

    @Inject
    BeanManager beans;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One resource method: its HTTP method, its full path template, and what it consumes. */
    record Route(String method, String template, String contentType) {

        String path() {
            return pathFor(TENANT);
        }

        String pathFor(String tenant) {
            return template.replaceAll("\\{tenant}", tenant).replaceAll("\\{[^}]+}", "probe-1");
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    @Test
    void everyRouteRefusesACallWithoutAKey() throws Exception {
        List<Route> routes = routes();
        for (Route route : routes) {
            HttpResponse<String> response = send(route, null);
            assertRefused(route, response, "missing_api_key");
        }
    }

    @Test
    void everyRouteRefusesAWrongKey() throws Exception {
        for (Route route : routes()) {
            assertRefused(route, send(route, "Bearer not-a-key"), "invalid_api_key");
        }
    }

    @Test
    void anUnknownTenantIsNotFoundBeforeAnyKeyIsAskedForOnEveryTenantRoute() throws Exception {
        List<Route> tenantRoutes = routes().stream().filter(r -> r.template().startsWith("/v1/tenants/{tenant}"))
                .toList();
        assertThat(tenantRoutes).isNotEmpty();
        for (Route route : tenantRoutes) {
            HttpResponse<String> response = send(route, route.pathFor("nobody"), null);
            assertThat(response.statusCode()).as(route + " answered " + response.body()).isEqualTo(404);
            assertThat(JSON.readTree(response.body()).path("error").path("code").asText()).as(route.toString())
                    .isEqualTo("tenant_not_found");
        }
    }

    @Test
    void theEnumerationSeesTheWholeApi() {
        List<String> found = routes().stream().map(Route::toString).toList();
        // a reflection that found nothing, or only part of the API, would prove nothing
        assertThat(found).contains("POST /v1/tenants/{tenant}/turns",
                "POST /v1/tenants/{tenant}/turns/{turnId}/approvals/{approvalId}",
                "GET /v1/tenants/{tenant}/sessions/{session}/events",
                "DELETE /v1/tenants/{tenant}/sessions/{session}",
                "PATCH /v1/admin/tenants/{tenant}",
                "DELETE /v1/admin/tenants/{tenant}/keys/{keyId}",
                "POST /v1/admin/plugins",
                "POST /v1/admin/plugins/{plugin}/reload",
                "GET /v1/tenants/{tenant}/sessions", "GET /v1/tenants/{tenant}/turns", "GET /v1/admin/health");
        assertThat(found).hasSizeGreaterThanOrEqualTo(24);
    }

    @Test
    void onlyTheListedEndpointsAnswerWithoutAKey() throws Exception {
        for (String path : PUBLIC) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(target.getUri() + path))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET " + path).isEqualTo(200);
        }
    }

    @Test
    void theApiDescriptionSaysEveryRouteNeedsAKeyAndNamesItsTenant() throws Exception {
        JsonNode openapi = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(target.getUri() + "/openapi"))
                .header("Accept", MediaType.APPLICATION_JSON).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(openapi.path("components").path("securitySchemes").path(AuthenticationDocs.SCHEME)
                .path("scheme").asText()).isEqualTo("bearer");
        for (Route route : routes()) {
            JsonNode operation = openapi.path("paths").path(route.template())
                    .path(route.method().toLowerCase(Locale.ROOT));
            assertThat(operation.path("security").toString()).as(route.toString()).contains(AuthenticationDocs.SCHEME);
            assertThat(operation.path("responses").has("401")).as(route.toString()).isTrue();
            if (route.template().startsWith("/v1/tenants/{tenant}")) {
                assertThat(operation.path("parameters").findValuesAsText("name")).as(route.toString())
                        .contains("tenant");
            }
        }
    }

    private static void assertRefused(Route route, HttpResponse<String> response, String code) throws Exception {
        assertThat(response.statusCode()).as(route + " answered " + response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).as(route.toString())
                .hasValueSatisfying(type -> assertThat(type).startsWith(MediaType.APPLICATION_JSON));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("error").path("code").asText()).as(route.toString()).isEqualTo(code);
        assertThat(response.headers().firstValue("WWW-Authenticate")).as(route.toString()).hasValue("Bearer");
    }

    private HttpResponse<String> send(Route route, String authorization) throws Exception {
        return send(route, route.path(), authorization);
    }

    private HttpResponse<String> send(Route route, String path, String authorization) throws Exception {
        String body = route.contentType() == null ? "" : MediaType.APPLICATION_JSON.equals(route.contentType())
                ? "{\"session\":\"s\",\"message\":\"hi\",\"decision\":\"approve\"}" : "PK";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.getUri() + path))
                .timeout(Duration.ofSeconds(30))
                .method(route.method(), HttpRequest.BodyPublishers.ofString(body));
        if (route.contentType() != null) {
            request.header("Content-Type", route.contentType());
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every resource method of every JAX-RS application Helidon runs, minus the {@link #PUBLIC} endpoints. */
    private List<Route> routes() {
        Set<Class<?>> resources = new LinkedHashSet<>();
        for (JaxRsApplication application : beans.getExtension(JaxRsCdiExtension.class).applicationsToRun()) {
            application.resourceConfig().getClasses().stream().filter(type -> type.isAnnotationPresent(Path.class))
                    .forEach(resources::add);
            application.resourceConfig().getSingletons().stream().map(Object::getClass)
                    .filter(type -> type.isAnnotationPresent(Path.class)).forEach(resources::add);
        }
        List<Route> routes = new ArrayList<>();
        for (Class<?> resource : resources) {
            String base = resource.getAnnotation(Path.class).value();
            for (Method method : resource.getMethods()) {
                Optional<String> verb = httpMethod(method);
                Path sub = method.getAnnotation(Path.class);
                if (verb.isEmpty()) {
                    // a sub-resource locator would hide routes this reflection cannot see: refuse to pass then
                    assertThat(sub).as("sub-resource locator " + method + ": enumerate its routes too").isNull();
                    continue;
                }
                String template = join(base, sub == null ? "" : sub.value());
                if (PUBLIC.stream().noneMatch(template::equals) && !PUBLIC_TEMPLATES.contains(template)) {
                    routes.add(new Route(verb.get(), template, consumed(resource, method)));
                }
            }
        }
        routes.sort(Comparator.comparing(Route::toString));
        return routes;
    }

    private static Optional<String> httpMethod(Method method) {
        return Arrays.stream(method.getAnnotations()).map(Annotation::annotationType)
                .map(type -> type.getAnnotation(HttpMethod.class)).filter(h -> h != null).map(HttpMethod::value)
                .findFirst();
    }

    /** The first media type the method consumes, "application/zip" for a wildcard, null when it takes no body. */
    private static String consumed(Class<?> resource, Method method) {
        Consumes consumes = method.isAnnotationPresent(Consumes.class) ? method.getAnnotation(Consumes.class)
                : resource.getAnnotation(Consumes.class);
        if (consumes == null) {
            return null;
        }
        String type = consumes.value()[0];
        return MediaType.WILDCARD.equals(type) ? "application/zip" : type;
    }

    private static String join(String base, String sub) {
        String path = ("/" + base + "/" + sub).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
