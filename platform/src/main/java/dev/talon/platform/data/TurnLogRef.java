package dev.talon.platform.data;

/**
 * Where a turn log stands: how many messages it holds and a digest chained over them. Small and fixed in
 * size, it is what travels through workflow history instead of the message list.
 */
public record TurnLogRef(int count, String digest) {
}
