package dev.talon.plugins.web;

import java.time.Duration;

/**
 * How far one fetch may go.
 *
 * @param maxRedirects  redirects followed before giving up (each one checked like the first address)
 * @param connectTimeout how long a connection may take
 * @param readTimeout   how long the server may stay silent
 * @param maxBytes      the body is read up to this size, the rest dropped
 */
record FetchLimits(int maxRedirects, Duration connectTimeout, Duration readTimeout, int maxBytes) {

    static final FetchLimits DEFAULT = new FetchLimits(5, Duration.ofSeconds(10), Duration.ofSeconds(30),
            5 * 1024 * 1024);
}
