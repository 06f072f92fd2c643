package dev.talon.plugins.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AddressPolicyTest {

    private static final NameLookup NO_DNS = name -> {
        throw new UnknownHostException(name);
    };

    @ParameterizedTest(name = "{0} is refused as {1}")
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1            | loopback",
        "127.1.2.3            | loopback",
        "[::1]                | loopback",
        "[::ffff:127.0.0.1]   | loopback",
        "[::127.0.0.1]        | loopback",
        "[64:ff9b::7f00:1]    | loopback",
        "[64:ff9b:1::7f00:1]  | loopback",
        "[2002:7f00:1::]      | loopback",
        "2130706433           | loopback",
        "0177.0.0.1           | loopback",
        "0x7f.1               | loopback",
        "127.1                | loopback",
        "0.0.0.0              | unspecified",
        "0                    | unspecified",
        "[::]                 | unspecified",
        "10.1.2.3             | private",
        "172.16.0.1           | private",
        "172.31.255.255       | private",
        "192.168.1.1          | private",
        "[::ffff:10.0.0.1]    | private",
        "[64:ff9b::a00:1]     | private",
        "100.64.0.1           | CGNAT",
        "100.127.255.254      | CGNAT",
        "169.254.169.254      | metadata",
        "[::ffff:169.254.169.254] | metadata",
        "[fd00:ec2::254]      | metadata",
        "169.254.1.1          | link-local",
        "[fe80::1]            | link-local",
        "[fc00::1]            | unique local",
        "[fdff:1234::1]       | unique local",
        "224.0.0.1            | multicast",
        "[ff02::1]            | multicast",
        "255.255.255.255      | broadcast",
        "240.0.0.1            | reserved",
    })
    void refusesEveryAddressClassThatIsNotPublic(String host, String reason) {
        assertThatThrownBy(() -> CheckedHost.resolve(host, AddressPolicy.publicOnly(), NO_DNS))
                .isInstanceOf(WebToolFailure.class)
                .hasMessageContaining("refused to fetch from " + host)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "[2606:4700:4700::1111]", "172.32.0.1", "100.128.0.1",
        "[64:ff9b::808:808]"})
    void letsPublicAddressesThrough(String host) {
        assertThat(CheckedHost.resolve(host, AddressPolicy.publicOnly(), NO_DNS).addresses()).hasSize(1);
    }

    @Test
    void numericSpellingsConnectToTheAddressTheyMean() {
        CheckedHost host = CheckedHost.resolve("2130706433", AddressPolicy.allowing(List.of("127.0.0.1")), NO_DNS);
        assertThat(host.addresses()).extracting(InetAddress::getHostAddress).containsExactly("127.0.0.1");
        assertThat(CheckedHost.resolve("0177.0.0.01", AddressPolicy.allowing(List.of("127.0.0.0/8")), NO_DNS)
                .addresses()).extracting(InetAddress::getHostAddress).containsExactly("127.0.0.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"999.1.1.1", "1.2.3.4.5", "08.1.1.1", "0x1g.1.1.1", "1.2.3.256", "4294967296"})
    void refusesNumericHostsThatAreNoAddress(String host) {
        assertThatThrownBy(() -> CheckedHost.resolve(host, AddressPolicy.publicOnly(), NO_DNS))
                .isInstanceOf(WebToolFailure.class).hasMessageContaining("not a valid IPv4 address");
    }

    @Test
    void theAllowListOpensNamedBlocksAndHostsOnly() {
        AddressPolicy policy = AddressPolicy.allowing(List.of("127.0.0.1", "10.0.0.0/8", "Wiki.Intranet."));
        assertThat(CheckedHost.resolve("127.0.0.1", policy, NO_DNS).addresses()).hasSize(1);
        assertThat(CheckedHost.resolve("10.9.8.7", policy, NO_DNS).addresses()).hasSize(1);
        assertThatThrownBy(() -> CheckedHost.resolve("127.0.0.2", policy, NO_DNS)).hasMessageContaining("loopback");
        assertThatThrownBy(() -> CheckedHost.resolve("192.168.0.1", policy, NO_DNS)).hasMessageContaining("private");
        assertThatThrownBy(() -> CheckedHost.resolve("169.254.169.254", policy, NO_DNS))
                .hasMessageContaining("metadata");

        NameLookup dns = name -> new InetAddress[] {InetAddress.getByAddress(name, new byte[] {(byte) 192, (byte) 168, 0, 7})};
        assertThat(CheckedHost.resolve("wiki.intranet", policy, dns).addresses()).hasSize(1);
        assertThatThrownBy(() -> CheckedHost.resolve("other.intranet", policy, dns)).hasMessageContaining("private");
    }

    @Test
    void oneRefusedAddressAmongSeveralRefusesTheName() {
        NameLookup dns = name -> new InetAddress[] {
            InetAddress.getByAddress(name, new byte[] {93, (byte) 184, (byte) 216, 34}),
            InetAddress.getByAddress(name, new byte[] {127, 0, 0, 1})};
        assertThatThrownBy(() -> CheckedHost.resolve("mixed.example", AddressPolicy.publicOnly(), dns))
                .hasMessageContaining("127.0.0.1 is a loopback address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a host", "10.0.0.0/33", "::1/129", "-bad.example", "1.2.3.4/x"})
    void allowListEntriesThatAreNeitherNameNorBlockAreRefused(String entry) {
        assertThatThrownBy(() -> AddressPolicy.allowing(List.of(entry))).isInstanceOf(IllegalArgumentException.class);
    }
}
