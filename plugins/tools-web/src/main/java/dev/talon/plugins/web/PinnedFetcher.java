package dev.talon.plugins.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
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
        for (int redirects = 0; ; redirects++) {
            if (cancelled.getAsBoolean()) {
                throw new WebToolFailure("the fetch was cancelled");
            }
            CheckedHost host = CheckedHost.resolve(uri.getHost(), policy, names);
            Hop hop = get(uri, host, cancelled);
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

    private Hop get(URI uri, CheckedHost host, BooleanSupplier cancelled) {
        ConnectionConfig connection = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(limits.connectTimeout()))
                .setSocketTimeout(Timeout.of(limits.readTimeout()))
                .build();
        RequestConfig request = RequestConfig.custom()
                .setRedirectsEnabled(false)
                .setResponseTimeout(Timeout.of(limits.readTimeout()))
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
            try (ClassicHttpResponse response = client.executeOpen(null, get, null)) {
                int status = response.getCode();
                Header location = response.getFirstHeader("Location");
                if (status >= 300 && status < 400 && status != 304 && location != null) {
                    get.cancel(); // the redirect's body is not read
                    return new Hop(null, location.getValue());
                }
                Header type = response.getFirstHeader("Content-Type");
                HttpEntity entity = response.getEntity();
                byte[] body = new byte[0];
                boolean cut = false;
                if (entity != null) {
                    try (InputStream in = entity.getContent()) {
                        body = in.readNBytes(limits.maxBytes());
                        cut = in.read() != -1;
                    }
                    if (cut) {
                        get.cancel(); // drop the connection instead of reading the rest
                    }
                }
                if (cancelled.getAsBoolean()) {
                    throw new WebToolFailure("the fetch was cancelled");
                }
                return new Hop(new FetchedPage(uri, status, type == null ? "" : type.getValue(), body, cut), null);
            }
        } catch (InterruptedIOException e) {
            throw new WebToolFailure("fetching " + uri + " timed out");
        } catch (IOException e) {
            throw new WebToolFailure("fetching " + uri + " failed: " + describe(e));
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
