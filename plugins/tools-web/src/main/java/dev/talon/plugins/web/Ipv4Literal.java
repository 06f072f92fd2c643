package dev.talon.plugins.web;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IPv4 addresses as URLs may spell them: dotted decimal, but also the forms browsers and C's {@code inet_aton} accept
 * — one to four parts, each decimal, octal (leading 0) or hex ({@code 0x}) — so that {@code http://2130706433/} and
 * {@code http://0177.0.0.1/} are known for the loopback address they are, and connected to as exactly that.
 */
final class Ipv4Literal {

    /** A host whose last label starts with a digit is an IPv4 literal or nothing (as the WHATWG URL rules say). */
    private static final Pattern NUMERIC_LAST_LABEL = Pattern.compile("(?:^|.*\\.)[0-9][^.]*\\.?$");

    private static final Pattern HEX = Pattern.compile("0[xX][0-9a-fA-F]*");
    private static final Pattern OCTAL = Pattern.compile("0[0-7]+");
    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]*");

    private Ipv4Literal() {
    }

    /** True when the host must be read as an IPv4 literal rather than looked up as a name. */
    static boolean looksNumeric(String host) {
        return NUMERIC_LAST_LABEL.matcher(host).matches();
    }

    /** The four bytes, or empty when the text is not a valid IPv4 literal in any accepted spelling. */
    static Optional<byte[]> parse(String host) {
        String text = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (text.isEmpty() || text.startsWith(".") || text.contains("..")) {
            return Optional.empty();
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length > 4) {
            return Optional.empty();
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Optional<Long> value = number(parts[i]);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            values[i] = value.get();
        }
        // every part but the last is one byte; the last fills the remaining bytes
        long address = 0;
        for (int i = 0; i < values.length - 1; i++) {
            if (values[i] > 255) {
                return Optional.empty();
            }
            address |= values[i] << (8 * (3 - i));
        }
        long last = values[values.length - 1];
        if (last >= (1L << (8 * (5 - values.length)))) {
            return Optional.empty();
        }
        address |= last;
        return Optional.of(new byte[] {
            (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address});
    }

    private static Optional<Long> number(String part) {
        if (part.isEmpty() || part.length() > 12) {
            return Optional.empty();
        }
        if (HEX.matcher(part).matches()) {
            return Optional.of(part.length() == 2 ? 0L : Long.parseLong(part.substring(2), 16));
        }
        if (OCTAL.matcher(part).matches()) {
            return Optional.of(Long.parseLong(part.substring(1), 8));
        }
        return DECIMAL.matcher(part).matches() ? Optional.of(Long.parseLong(part)) : Optional.empty();
    }
}
