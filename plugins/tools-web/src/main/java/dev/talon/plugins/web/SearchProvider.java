package dev.talon.plugins.web;

import java.util.List;

/** A web search service; which one a tenant uses is its {@code searchProvider} setting. */
sealed interface SearchProvider permits BraveSearch, SearxngSearch {

    /** The service's name, for the model and for messages. */
    String name();

    /**
     * @param count the most results wanted, 1 to 10
     * @throws WebToolFailure when the service refuses, limits the rate or fails; never with a secret in the message
     */
    List<SearchHit> search(String query, int count);
}
