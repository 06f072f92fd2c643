package dev.talon.plugins.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * GETs a URL the model gave, safely: http(s) only, each hop's host resolved once and checked by the
 * {@link AddressPolicy}, the connection made to exactly the checked address, redirects followed by hand (at most
 * {@link FetchLimits#maxRedirects()}, each checked like the first), the body read up to a size cap.
 */
final class PinnedFetcher {

    private static final String USER_AGENT = "Mozilla/5.0 (compatible; Talon web_fetch)";

    private final AddressPolicy policy;
    private final NameLookup names;
    private final FetchLimits limits;

    PinnedFetcher(AddressPolicy policy, NameLookup names, FetchLimits limits) {
        this.policy = policy;
        this.names = names;
        this.limits = limits;
    }

    /**
     * @param cancelled polled between hops and while reading
     * @throws WebToolFailure for every refusal and failure, in words the model can read
     */
    FetchedPage fetch(String url, BooleanSupplier cancelled) {
        URI uri = checkedUri(url);
        long deadline = System.nanoTime() + limits.total().toNanos();
        for (int redirects = 0; ; redirects++) {
            if (cancelled.getAsBoolean()) {
                throw new WebToolFailure("the fetch was cancelled");
            }
            if (System.nanoTime() > deadline) {
                throw new WebToolFailure("fetching " + url + " took longer than " + limits.total().toSeconds() + " s");
            }
            CheckedHost host = CheckedHost.resolve(uri.getHost(), policy, names);
            Hop hop = get(uri, host, cancelled, deadline);
            if (hop.location() == null) {
                return hop.page();
            }
            if (redirects >= limits.maxRedirects()) {
                throw new WebToolFailure("too many redirects: " + url + " redirects more than " + limits.maxRedirects()
                        + " times");
            }
            uri = checkedUri(resolve(uri, hop.location()));
        }
    }

    /** The URL as a URI the fetcher accepts: absolute http(s), a host, no user info. */
    static URI checkedUri(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new WebToolFailure("not a valid URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new WebToolFailure("only http and https URLs are fetched, not '" + (scheme.isEmpty() ? url : scheme + ":")
                    + "'");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new WebToolFailure("the URL has no host: " + url);
        }
        if (uri.getRawUserInfo() != null) {
            throw new WebToolFailure("URLs with user info (user@host) are not fetched");
        }
        return uri;
    }

    private static String resolve(URI base, String location) {
        try {
            return base.resolve(new URI(location.strip())).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new WebToolFailure("the server redirected to an invalid URL");
        }
    }

    private Hop get(URI uri, CheckedHost host, BooleanSupplier cancelled, long deadline) {
        // no wait may outlast what is left of the whole fetch
        Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000));
        Timeout wait = Timeout.of(min(limits.readTimeout(), left));
        ConnectionConfig connection = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(min(limits.connectTimeout(), left)))
                .setSocketTimeout(wait)
                .build();
        RequestConfig request = RequestConfig.custom()
                .setRedirectsEnabled(false)
                .setResponseTimeout(wait)
                .build();
        try (CloseableHttpClient client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new PinnedDns(host))
                        .setDefaultConnectionConfig(connection)
                        .build())
                .setDefaultRequestConfig(request)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent(USER_AGENT)
                .build()) {
            HttpGet get = new HttpGet(uri);
            get.setHeader("Accept", "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5");
            // closing an unread body reads it to its end (to reuse the connection): a body not read whole is
            // dropped with the connection instead, or a server that never stops sending would hold the tool forever
            ClassicHttpResponse response = client.executeOpen(null, get, null);
            boolean readWhole = false;
            try {
                int status = response.getCode();
                Header location = response.getFirstHeader("Location");
                if (status >= 300 && status < 400 && status != 304 && location != null) {
                    return new Hop(null, location.getValue());
                }
                Header type = response.getFirstHeader("Content-Type");
                HttpEntity entity = response.getEntity();
                Body body = entity == null ? new Body(new byte[0], false)
                        : read(entity.getContent(), deadline, cancelled);
                readWhole = !body.cut();
                if (cancelled.getAsBoolean()) {
                    throw new WebToolFailure("the fetch was cancelled");
                }
                return new Hop(new FetchedPage(uri, status, type == null ? "" : type.getValue(), body.bytes(),
                        body.cut()), null);
            } finally {
                if (!readWhole) {
                    get.cancel(); // before the response closes: closing would read the rest
                }
                closeQuietly(response);
            }
        } catch (InterruptedIOException e) {
            throw new WebToolFailure("fetching " + uri + " timed out");
        } catch (IOException e) {
            throw new WebToolFailure("fetching " + uri + " failed: " + describe(e));
        }
    }

    /** The body up to the size cap, the deadline or a cancel, whichever comes first. */
    private Body read(InputStream in, long deadline, BooleanSupplier cancelled) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] chunk = new byte[16 * 1024];
        while (body.size() < limits.maxBytes()) {
            if (System.nanoTime() > deadline || cancelled.getAsBoolean()) {
                return new Body(body.toByteArray(), true);
            }
            int n = in.read(chunk, 0, Math.min(chunk.length, limits.maxBytes() - body.size()));
            if (n < 0) {
                return new Body(body.toByteArray(), false);
            }
            body.write(chunk, 0, n);
        }
        return new Body(body.toByteArray(), in.read() != -1);
    }

    /** What closing a dropped connection says is of no interest: the page is read or the failure reported. */
    private static void closeQuietly(ClassicHttpResponse response) {
        try {
            response.close();
        } catch (IOException e) {
            // the connection is gone either way
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
