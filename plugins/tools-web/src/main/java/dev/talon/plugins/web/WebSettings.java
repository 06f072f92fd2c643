package dev.talon.plugins.web;

import dev.talon.api.ToolSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The tenant's settings for this plugin ({@code toolSettings: {tools-web: {...}}}):
 * <ul>
 *   <li>{@code allowHosts} — host names, IP addresses and CIDR blocks web_fetch may reach although they are not
 *       public (an intranet wiki, a local test server); nothing else that is not public is ever fetched;</li>
 *   <li>{@code searchProvider} — {@code brave} or {@code searxng}; without it web_search says it is not set up;</li>
 *   <li>{@code braveApiKey} — a reference {@code {env: NAME}} or {@code {file: /path}} to the Brave Search API key;
 *       {@code braveUrl} — another endpoint for the same API (optional);</li>
 *   <li>{@code searxngUrl} — the base URL of a self-hosted SearXNG with the JSON format enabled.</li>
 * </ul>
 */
final class WebSettings {

    static final String ALLOW_HOSTS = "allowHosts";
    static final String SEARCH_PROVIDER = "searchProvider";
    static final String BRAVE_API_KEY = "braveApiKey";
    static final String BRAVE_URL = "braveUrl";
    static final String SEARXNG_URL = "searxngUrl";
    static final Set<String> NAMES = Set.of(ALLOW_HOSTS, SEARCH_PROVIDER, BRAVE_API_KEY, BRAVE_URL, SEARXNG_URL);

    private WebSettings() {
    }

    /** The fetch policy the tenant's allow-list makes. */
    static AddressPolicy fetchPolicy(ToolSettings settings) {
        return AddressPolicy.allowing(settings.strings(ALLOW_HOSTS));
    }

    /** What is wrong with the settings, in words an admin can act on. */
    static List<String> problems(ToolSettings settings) {
        List<String> problems = new ArrayList<>();
        for (String name : settings.names()) {
            if (!NAMES.contains(name)) {
                problems.add("unknown setting '" + name + "' (known: " + NAMES.stream().sorted().toList() + ")");
            }
        }
        try {
            for (String entry : settings.strings(ALLOW_HOSTS)) {
                try {
                    if (AddressPolicy.isAddressEntry(entry)) {
                        AddressRange.parse(entry);
                    } else {
                        AddressPolicy.hostName(entry);
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(ALLOW_HOSTS + ": " + e.getMessage());
                }
            }
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        try {
            String provider = settings.string(SEARCH_PROVIDER).orElse("");
            switch (provider) {
                case "" -> {
                }
                case "brave" -> {
                    if (settings.secretReference(BRAVE_API_KEY).isEmpty()) {
                        problems.add(BRAVE_API_KEY + " is required for searchProvider brave, as {\"env\": \"VARIABLE\"}"
                                + " or {\"file\": \"/path\"}");
                    }
                    settings.string(BRAVE_URL).ifPresent(url -> checkUrl(BRAVE_URL, url, problems));
                }
                case "searxng" -> settings.string(SEARXNG_URL).ifPresentOrElse(
                        url -> checkUrl(SEARXNG_URL, url, problems),
                        () -> problems.add(SEARXNG_URL + " is required for searchProvider searxng"));
                default -> problems.add(SEARCH_PROVIDER + " must be 'brave' or 'searxng', not '" + provider + "'");
            }
            if (!provider.equals("brave")) {
                settings.secretReference(BRAVE_API_KEY); // a plain key is wrong even where unused
            }
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }

    private static void checkUrl(String name, String url, List<String> problems) {
        try {
            URI uri = new URI(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                problems.add(name + " must be an http(s) URL with a host");
            }
        } catch (java.net.URISyntaxException e) {
            problems.add(name + " is not a valid URL: " + e.getMessage());
        }
    }
}
