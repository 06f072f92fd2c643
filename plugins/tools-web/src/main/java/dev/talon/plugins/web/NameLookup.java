package dev.talon.plugins.web;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Looks a host name up in DNS; a seam so tests can play a resolver that answers differently each time. */
@FunctionalInterface
interface NameLookup {

    NameLookup SYSTEM = InetAddress::getAllByName;

    InetAddress[] lookup(String name) throws UnknownHostException;
}
