package dev.talon.plugins.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A URL's host resolved once and checked: the addresses here are the only ones the fetch connects to, so a name
 * that resolves differently a moment later (DNS rebinding) changes nothing.
 *
 * @param host      the host as the URL names it (lower case, IPv6 without brackets), for the Host header and TLS
 * @param addresses every address it stands for, each allowed by the policy
 */
record CheckedHost(String host, List<InetAddress> addresses) {

    CheckedHost {
        addresses = List.copyOf(addresses);
    }

    /**
     * Resolves {@code urlHost} and checks every address it stands for; one refused address refuses the host.
     *
     * @throws WebToolFailure saying why, in words the model can read
     */
    static CheckedHost resolve(String urlHost, AddressPolicy policy, NameLookup names) {
        String host = urlHost.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        List<InetAddress> addresses = List.of(addressesOf(host, names));
        if (addresses.isEmpty()) {
            throw new WebToolFailure("cannot resolve host " + urlHost);
        }
        for (InetAddress address : addresses) {
            Optional<String> refusal = policy.refusal(host, address);
            if (refusal.isPresent()) {
                throw new WebToolFailure("refused to fetch from " + urlHost + ": " + refusal.get()
                        + "; web_fetch reaches public addresses only");
            }
        }
        return new CheckedHost(host, addresses);
    }

    private static InetAddress[] addressesOf(String host, NameLookup names) {
        if (host.contains(":")) {
            if (host.contains("%")) {
                throw new WebToolFailure("refused to fetch from [" + host + "]: scoped IPv6 addresses are not fetched");
            }
            try {
                // a string with a colon is an IPv6 literal to the JDK: parsed, never looked up
                return new InetAddress[] {InetAddress.getByName(host)};
            } catch (UnknownHostException e) {
                throw new WebToolFailure("[" + host + "] is not a valid IPv6 address");
            }
        }
        if (Ipv4Literal.looksNumeric(host)) {
            byte[] bytes = Ipv4Literal.parse(host)
                    .orElseThrow(() -> new WebToolFailure(host + " is not a valid IPv4 address"));
            try {
                return new InetAddress[] {InetAddress.getByAddress(host, bytes)};
            } catch (UnknownHostException e) {
                throw new WebToolFailure(host + " is not a valid IPv4 address");
            }
        }
        try {
            return names.lookup(host);
        } catch (UnknownHostException e) {
            throw new WebToolFailure("cannot resolve host " + host);
        } catch (SecurityException e) {
            throw new WebToolFailure("cannot resolve host " + host + ": not permitted");
        }
    }
}
