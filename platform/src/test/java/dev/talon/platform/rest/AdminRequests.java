package dev.talon.platform.rest;

import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Response;

/** Admin API calls for tests: {@code path} may end in one {@code ?name=value}, sent as a query parameter. */
final class AdminRequests {

    static final String ADMIN = "Bearer test-admin-key";

    private AdminRequests() {
    }

    static Response send(WebTarget target, String method, String path, Entity<?> body) {
        String[] pathAndQuery = path.split("\\?", 2);
        WebTarget resource = target.path("/v1/admin" + pathAndQuery[0]);
        if (pathAndQuery.length == 2) {
            String[] parameter = pathAndQuery[1].split("=", 2);
            resource = resource.queryParam(parameter[0], parameter[1]);
        }
        var request = resource.request().header("Authorization", ADMIN);
        return body == null ? request.method(method) : request.method(method, body);
    }
}
