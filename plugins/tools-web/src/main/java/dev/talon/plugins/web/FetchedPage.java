package dev.talon.plugins.web;

import java.net.URI;

/**
 * What one fetch brought back, after redirects.
 *
 * @param finalUri    the address that answered
 * @param status      its HTTP status
 * @param contentType its Content-Type header, empty when none
 * @param body        the body's bytes, at most the size cap
 * @param cut         true when the body was longer than the cap and the rest was not read
 */
record FetchedPage(URI finalUri, int status, String contentType, byte[] body, boolean cut) {
}
