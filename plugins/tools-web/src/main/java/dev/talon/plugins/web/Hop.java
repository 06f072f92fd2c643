package dev.talon.plugins.web;

/** One request's outcome: a page, or where it redirects ({@code location} not null). */
record Hop(FetchedPage page, String location) {
}
