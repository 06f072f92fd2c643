package dev.talon.plugins.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A block of addresses in CIDR notation ({@code 10.0.0.0/8}, {@code fc00::/7}); a single address is its own block.
 *
 * @param network the network's bytes (4 or 16)
 * @param prefix  how many leading bits are the network's
 */
record AddressRange(byte[] network, int prefix) {

    AddressRange {
        network = network.clone();
    }

    /**
     * Parses {@code address[/prefix]} with a literal address (never a name: nothing is looked up).
     *
     * @throws IllegalArgumentException when it is not one
     */
    static AddressRange parse(String cidr) {
        String text = cidr.strip();
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        byte[] bytes = literal(address);
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + cidr + "' has no valid prefix length");
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("'" + cidr + "' has a prefix length out of range");
            }
        }
        return new AddressRange(bytes, prefix);
    }

    boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int whole = prefix / 8;
        for (int i = 0; i < whole; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (address[whole] & mask) == (network[whole] & mask);
    }

    /** A literal IPv4 address in dotted-quad form or an IPv6 address; names are refused. */
    private static byte[] literal(String address) {
        if (address.contains(":")) {
            try {
                // a string with a colon is parsed as an IPv6 literal, never looked up; the JDK hands IPv4-mapped
                // ones back as IPv4, which a block of IPv6 bits must not become
                byte[] bytes = InetAddress.getByName(address).getAddress();
                if (bytes.length == 4) {
                    byte[] mapped = new byte[16];
                    mapped[10] = (byte) 0xff;
                    mapped[11] = (byte) 0xff;
                    System.arraycopy(bytes, 0, mapped, 12, 4);
                    return mapped;
                }
                return bytes;
            } catch (UnknownHostException | SecurityException e) {
                throw new IllegalArgumentException("'" + address + "' is not an IP address");
            }
        }
        return Ipv4Literal.parse(address)
                .orElseThrow(() -> new IllegalArgumentException("'" + address + "' is not an IP address"));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AddressRange range && range.prefix == prefix && Arrays.equals(range.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefix;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            return Arrays.toString(network) + "/" + prefix;
        }
    }
}
