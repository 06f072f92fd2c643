package dev.talon.platform.rest;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses request bodies over {@code talon.api.max-body-bytes} with a JSON 413, before they are read into memory:
 * by Content-Length when the client sends one, by counting the bytes of a chunked body otherwise. Plugin
 * uploads have their own, larger limit.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
@ApplicationScoped
public class BodyLimitFilter implements ContainerRequestFilter {

    private final long maxBytes;
    private final long maxUploadBytes;

    @Inject
    public BodyLimitFilter(@ConfigProperty(name = "talon.api.max-body-bytes", defaultValue = "262144") long maxBytes,
                           @ConfigProperty(name = "talon.plugins.max-upload-bytes", defaultValue = "52428800") long maxUploadBytes) {
        this.maxBytes = maxBytes;
        this.maxUploadBytes = maxUploadBytes;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        long limit = request.getUriInfo().getPath().startsWith("v1/admin/plugins") ? maxUploadBytes : maxBytes;
        String length = request.getHeaderString("Content-Length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("invalid_header", "Content-Length is not a number");
            }
            if (declared > limit) {
                throw tooLarge(limit);
            }
        }
        request.setEntityStream(new LimitedStream(request.getEntityStream(), limit));
    }

    private static ApiException tooLarge(long limit) {
        return new ApiException(413, "body_too_large", "the body is larger than " + limit + " bytes");
    }

    /** Counts what is read and stops at the limit. */
    private static final class LimitedStream extends FilterInputStream {

        private final long limit;
        private long read;

        LimitedStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw tooLarge(limit);
            }
        }
    }
}
