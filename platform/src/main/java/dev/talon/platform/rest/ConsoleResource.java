package dev.talon.platform.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The agent console: static files from the jar's {@code console/} folder, no data. It holds no key and no back door:
 * the page signs in with a key the user types and calls the public API like any client. Public on purpose (listed in
 * EveryRouteAuthenticatedTest), like /openapi. The CSP allows only this origin's scripts and styles, none inline.
 */
@Path("/console")
@ApplicationScoped
public class ConsoleResource {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
            + "form-action 'self'";
    private static final Map<String, String> TYPES = Map.of("js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "html", "text/html; charset=utf-8", "svg", "image/svg+xml");
    private static final int MAX_ASSET_BYTES = 512 * 1024;

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    @GET
    @Operation(hidden = true)
    public Response page() {
        return asset("index.html");
    }

    /** Only flat names with a known extension: nothing else on the class path can be asked for. */
    @GET
    @Path("/{asset: [a-z][a-z0-9-]{0,40}\\.(js|css|svg)}")
    @Operation(hidden = true)
    public Response file(@PathParam("asset") String name) {
        return asset(name);
    }

    private Response asset(String name) {
        // only files that exist are kept: names anyone may ask for must not grow the cache
        byte[] content = cache.get(name);
        if (content == null) {
            content = load(name);
            if (content.length == 0) {
                throw new ApiException(404, "not_found", "no console file '" + name + "'");
            }
            cache.putIfAbsent(name, content);
        }
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        return Response.ok(content, type)
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY")
                .header("Cache-Control", "no-cache")
                .build();
    }

    private static byte[] load(String name) {
        try (InputStream in = ConsoleResource.class.getClassLoader().getResourceAsStream("console/" + name)) {
            return in == null ? new byte[0] : in.readNBytes(MAX_ASSET_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read console file " + name, e);
        }
    }
}
