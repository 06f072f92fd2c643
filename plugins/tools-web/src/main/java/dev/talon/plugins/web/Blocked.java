package dev.talon.plugins.web;

/** A block of addresses web_fetch refuses by default, and how to say why. */
record Blocked(AddressRange range, String reason) {

    Blocked(String cidr, String reason) {
        this(AddressRange.parse(cidr), reason);
    }
}
