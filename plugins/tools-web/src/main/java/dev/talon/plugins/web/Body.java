package dev.talon.plugins.web;

/** A body as far as it was read; {@code cut} when more was there. */
record Body(byte[] bytes, boolean cut) {
}
