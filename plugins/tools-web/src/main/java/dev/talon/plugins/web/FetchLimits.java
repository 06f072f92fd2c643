package dev.talon.plugins.web;

import java.time.Duration;

/**
 * How far one fetch may go.
 *
 * @param maxRedirects  redirects followed before giving up (each one checked like the first address)
 * @param connectTimeout how long a connection may take
 * @param readTimeout   how long the server may stay silent
 * @param maxBytes      the body is read up to this size, the rest dropped
 * @param total         the whole fetch, redirects and reading included: a server that drips bytes cannot hold the
 *                      tool (and the tool activity's time) for longer; what was read by then is returned, cut
 */
record FetchLimits(int maxRedirects, Duration connectTimeout, Duration readTimeout, int maxBytes, Duration total) {

    static final FetchLimits DEFAULT = new FetchLimits(5, Duration.ofSeconds(10), Duration.ofSeconds(20),
            5 * 1024 * 1024, Duration.ofSeconds(45));
}
