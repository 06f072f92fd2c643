package dev.talon.plugins.web;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which addresses {@code web_fetch} may connect to: public unicast only, unless the tenant's allow-list names the
 * host or a block holding the address. Refused by default: loopback, private, shared (CGNAT), link-local, cloud
 * metadata, multicast, unspecified, reserved and documentation blocks, and the IPv6 forms that carry an IPv4
 * address (mapped, compatible, NAT64, 6to4, Teredo) when that address is refused.
 */
final class AddressPolicy {

    private static final List<Blocked> IPV4 = List.of(
            new Blocked("0.0.0.0/8", "an unspecified ('this network') address"),
            new Blocked("127.0.0.0/8", "a loopback address"),
            new Blocked("10.0.0.0/8", "a private address"),
            new Blocked("172.16.0.0/12", "a private address"),
            new Blocked("192.168.0.0/16", "a private address"),
            new Blocked("100.64.0.0/10", "a shared (CGNAT) address"),
            new Blocked("169.254.169.254/32", "the cloud metadata address"),
            new Blocked("169.254.0.0/16", "a link-local address"),
            new Blocked("192.0.0.0/24", "an IETF protocol address"),
            new Blocked("192.0.2.0/24", "a documentation address"),
            new Blocked("198.51.100.0/24", "a documentation address"),
            new Blocked("203.0.113.0/24", "a documentation address"),
            new Blocked("198.18.0.0/15", "a benchmarking address"),
            new Blocked("224.0.0.0/4", "a multicast address"),
            new Blocked("240.0.0.0/4", "a reserved or broadcast address"));

    private static final List<Blocked> IPV6 = List.of(
            new Blocked("::/128", "an unspecified address"),
            new Blocked("::1/128", "a loopback address"),
            new Blocked("fd00:ec2::254/128", "the cloud metadata address"),
            new Blocked("fc00::/7", "a unique local (private) address"),
            new Blocked("fe80::/10", "a link-local address"),
            new Blocked("fec0::/10", "a site-local address"),
            new Blocked("ff00::/8", "a multicast address"),
            new Blocked("100::/64", "a discard address"),
            new Blocked("2001:db8::/32", "a documentation address"));

    private static final AddressRange MAPPED = AddressRange.parse("::ffff:0:0/96");
    private static final AddressRange COMPATIBLE = AddressRange.parse("::/96");
    private static final AddressRange NAT64 = AddressRange.parse("64:ff9b::/96");
    private static final AddressRange NAT64_LOCAL = AddressRange.parse("64:ff9b:1::/48");
    private static final AddressRange SIX_TO_FOUR = AddressRange.parse("2002::/16");
    private static final AddressRange TEREDO = AddressRange.parse("2001::/32");

    private final Set<String> allowedHosts;
    private final List<AddressRange> allowedRanges;

    private AddressPolicy(Set<String> allowedHosts, List<AddressRange> allowedRanges) {
        this.allowedHosts = allowedHosts;
        this.allowedRanges = allowedRanges;
    }

    /** Public addresses only. */
    static AddressPolicy publicOnly() {
        return new AddressPolicy(Set.of(), List.of());
    }

    /**
     * Public addresses and what the allow-list opens: host names (any address they resolve to) and IP addresses or
     * CIDR blocks.
     *
     * @throws IllegalArgumentException naming an entry that is neither
     */
    static AddressPolicy allowing(List<String> allowList) {
        Set<String> hosts = allowList.stream().filter(entry -> !isAddressEntry(entry))
                .map(AddressPolicy::hostName).collect(Collectors.toUnmodifiableSet());
        List<AddressRange> ranges = allowList.stream().filter(AddressPolicy::isAddressEntry)
                .map(AddressRange::parse).toList();
        return new AddressPolicy(hosts, ranges);
    }

    /** Why {@code address}, which {@code host} stands for, may not be fetched; empty when it may. */
    Optional<String> refusal(String host, InetAddress address) {
        if (allowedHosts.contains(host.toLowerCase(Locale.ROOT))
                || allowedRanges.stream().anyMatch(range -> range.contains(address))) {
            return Optional.empty();
        }
        return blocked(address.getAddress()).map(reason -> address.getHostAddress() + " is " + reason);
    }

    private static Optional<String> blocked(byte[] bytes) {
        if (bytes.length == 4) {
            return IPV4.stream().filter(b -> b.range().contains(bytes)).map(Blocked::reason).findFirst();
        }
        Optional<String> own = IPV6.stream().filter(b -> b.range().contains(bytes)).map(Blocked::reason).findFirst();
        if (own.isPresent()) {
            return own;
        }
        return embeddedIpv4(bytes).flatMap(embedded -> blocked(embedded)
                .map(reason -> "an IPv6 form of " + dotted(embedded) + ", " + reason));
    }

    /** The IPv4 address an IPv6 address carries, in the forms that route to it. */
    private static Optional<byte[]> embeddedIpv4(byte[] v6) {
        if (MAPPED.contains(v6) || COMPATIBLE.contains(v6) || NAT64.contains(v6) || NAT64_LOCAL.contains(v6)) {
            return Optional.of(new byte[] {v6[12], v6[13], v6[14], v6[15]});
        }
        if (SIX_TO_FOUR.contains(v6)) {
            return Optional.of(new byte[] {v6[2], v6[3], v6[4], v6[5]});
        }
        if (TEREDO.contains(v6)) { // the client's address, inverted
            return Optional.of(new byte[] {(byte) ~v6[12], (byte) ~v6[13], (byte) ~v6[14], (byte) ~v6[15]});
        }
        return Optional.empty();
    }

    private static String dotted(byte[] v4) {
        return (v4[0] & 0xff) + "." + (v4[1] & 0xff) + "." + (v4[2] & 0xff) + "." + (v4[3] & 0xff);
    }

    static boolean isAddressEntry(String entry) {
        String text = entry.strip();
        return text.contains(":") || text.contains("/") || Ipv4Literal.looksNumeric(text);
    }

    /** A host name as URLs carry it, lower case without a trailing dot; refuses what is no host name. */
    static String hostName(String entry) {
        String name = entry.strip().toLowerCase(Locale.ROOT);
        name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (!name.matches("[a-z0-9]([a-z0-9-]{0,62})(\\.[a-z0-9]([a-z0-9-]{0,62}))*")) {
            throw new IllegalArgumentException("'" + entry + "' is neither a host name nor an IP address or CIDR block");
        }
        return name;
    }

}
