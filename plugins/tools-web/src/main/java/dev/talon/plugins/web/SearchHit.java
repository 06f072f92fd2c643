package dev.talon.plugins.web;

/** One search result, as the model reads it. */
record SearchHit(String title, String url, String snippet) {
}
