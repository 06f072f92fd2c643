package dev.talon.plugins.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The HTTP client's only resolver during one request: it knows the one checked host and answers with the addresses
 * checked for it. The client so connects to the checked address while the Host header and TLS (SNI, certificate
 * check) keep the name; any other name fails.
 */
final class PinnedDns implements DnsResolver {

    private final CheckedHost checked;

    PinnedDns(CheckedHost checked) {
        this.checked = checked;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        if (!matches(host)) {
            throw new UnknownHostException(host + " was not checked");
        }
        return checked.addresses().toArray(InetAddress[]::new);
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        if (!matches(host)) {
            throw new UnknownHostException(host + " was not checked");
        }
        return checked.host();
    }

    private boolean matches(String host) {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return name.equalsIgnoreCase(checked.host());
    }
}
