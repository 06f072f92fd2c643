package dev.talon.plugins.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.SecretResolver;
import dev.talon.api.ToolResult;
import dev.talon.plugintest.FakeToolContext;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebSearchToolTest {

    /** The web tools use only their settings: no workspace, no exec. */
    private static final FakeToolContext CONTEXT = FakeToolContext.in(Path.of("no-workspace"));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "brv-secret-key-123";
    /** The environment the resolver reads: the key is there, under BRAVE_KEY only. */
    private static final SecretResolver SECRETS = reference -> {
        if ("BRAVE_KEY".equals(reference.env())) {
            return KEY;
        }
        throw new IllegalStateException(reference + " is not set on the worker");
    };
    private static final String BRAVE_ANSWER = """
            {"type": "search", "query": {"original": "owls"},
             "web": {"type": "search", "results": [
               {"title": "Owl - <strong>Wikipedia</strong>", "url": "https://en.wikipedia.org/wiki/Owl",
                "description": "Owls are birds from the order <strong>Strigiformes</strong>.", "language": "en"},
               {"title": "Owl facts", "url": "https://example.org/owls", "description": "Nocturnal birds."},
               {"title": "Third", "url": "https://example.org/3", "description": ""}]}}""";
    private static final String SEARXNG_ANSWER = """
            {"query": "owls", "number_of_results": 2, "results": [
              {"url": "https://example.org/owls", "title": "Owl facts", "content": "Nocturnal <b>birds</b>.",
               "engine": "duckduckgo", "engines": ["duckduckgo"], "score": 1.0, "category": "general"},
              {"url": "https://example.net/barn", "title": "Barn owl", "content": "White face.",
               "engine": "bing", "engines": ["bing"], "score": 0.5, "category": "general"}],
             "answers": [], "corrections": [], "infoboxes": [], "suggestions": [], "unresponsive_engines": []}""";

    private LocalServer server;

    @BeforeEach
    void start() throws Exception {
        server = new LocalServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void searchesBraveWithTheTenantsKeyByReference() throws Exception {
        server.answer("/res/v1/web/search", LocalServer.Answer.of(200, "application/json", BRAVE_ANSWER));
        ToolResult result = search("{\"query\": \"owls & bats\", \"count\": 2}", brave());
        assertThat(result.error()).as(result.content()).isFalse();
        assertThat(result.content()).isEqualTo("""
                Results for: owls & bats (Brave Search)

                1. Owl - Wikipedia
                   https://en.wikipedia.org/wiki/Owl
                   Owls are birds from the order Strigiformes.

                2. Owl facts
                   https://example.org/owls
                   Nocturnal birds.""");
        assertThat(server.requests).containsExactly("/res/v1/web/search?q=owls+%26+bats&count=2");
        assertThat(server.requestHeaders.getFirst().get("X-subscription-token")).containsExactly(KEY);
    }

    @Test
    void aRateLimitIsAnErrorTheModelCanRead() throws Exception {
        server.answer("/res/v1/web/search", LocalServer.Answer.of(429, "application/json",
                "{\"type\": \"ErrorResponse\", \"error\": {\"code\": \"RATE_LIMITED\", \"status\": 429}}"));
        ToolResult result = search("{\"query\": \"owls\"}", brave());
        assertThat(result.error()).isTrue();
        assertThat(result.content()).contains("Brave Search is rate limiting").contains("429").doesNotContain(KEY);
    }

    @Test
    void aRefusedOrFailingServiceIsAnError() throws Exception {
        server.answer("/res/v1/web/search", LocalServer.Answer.of(401, "application/json", "{}"));
        assertThat(search("{\"query\": \"owls\"}", brave()).content()).contains("refused the request (HTTP 401)");
        server.answer("/res/v1/web/search", LocalServer.Answer.of(500, "text/plain", "boom " + KEY));
        ToolResult failed = search("{\"query\": \"owls\"}", brave());
        assertThat(failed.content()).contains("failed with HTTP 500").doesNotContain(KEY);
    }

    @Test
    void aMissingKeyNamesTheVariableNeverAKey() throws Exception {
        FakeToolContext context = CONTEXT.withSettings("{\"searchProvider\": \"brave\", \"braveUrl\": \""
                + server.url("/res/v1/web/search") + "\", \"braveApiKey\": {\"env\": \"OTHER_KEY\"}}", SECRETS);
        ToolResult result = search("{\"query\": \"owls\"}", context);
        assertThat(result.error()).isTrue();
        assertThat(result.content()).contains("cannot read the Brave API key").contains("OTHER_KEY");
        FakeToolContext noKey = CONTEXT.withSettings("{\"searchProvider\": \"brave\"}", SECRETS);
        assertThat(search("{\"query\": \"owls\"}", noKey).content()).contains("braveApiKey is missing");
        assertThat(server.requests).isEmpty();
    }

    @Test
    void withoutSettingsSearchSaysItIsNotSetUp() throws Exception {
        ToolResult result = search("{\"query\": \"owls\"}", CONTEXT);
        assertThat(result.error()).isTrue();
        assertThat(result.content()).contains("web_search is not set up for this tenant");
    }

    @Test
    void searchesSearxng() throws Exception {
        server.answer("/searx/search", LocalServer.Answer.of(200, "application/json", SEARXNG_ANSWER));
        FakeToolContext context = CONTEXT.withSettings("{\"searchProvider\": \"searxng\", \"searxngUrl\": \""
                + server.url("/searx/") + "\"}");
        ToolResult result = search("{\"query\": \"owls\", \"count\": 1}", context);
        assertThat(result.content()).isEqualTo("""
                Results for: owls (SearXNG)

                1. Owl facts
                   https://example.org/owls
                   Nocturnal birds.""");
        assertThat(server.requests).containsExactly("/searx/search?q=owls&format=json");

        server.answer("/searx/search", LocalServer.Answer.of(429, "text/plain", "Too Many Requests"));
        assertThat(search("{\"query\": \"owls\"}", context).content()).contains("SearXNG is rate limiting");
    }

    @Test
    void countMustBeOneToTen() throws Exception {
        assertThat(search("{\"query\": \"owls\", \"count\": 11}", brave()).content()).contains("from 1 to 10");
        assertThat(search("{\"query\": \"owls\", \"count\": 0}", brave()).content()).contains("from 1 to 10");
        assertThat(search("{\"count\": 3}", brave()).content()).contains("missing required argument: query");
        assertThat(server.requests).isEmpty();
    }

    private FakeToolContext brave() {
        return CONTEXT.withSettings("{\"searchProvider\": \"brave\", \"braveUrl\": \""
                + server.url("/res/v1/web/search") + "\", \"braveApiKey\": {\"env\": \"BRAVE_KEY\"}}", SECRETS);
    }

    private static ToolResult search(String arguments, FakeToolContext context) throws Exception {
        return new WebSearchTool(new SearchHttp()).execute(JSON.readTree(arguments), context);
    }

    @Test
    void settingsValidationSaysWhatToFix() throws Exception {
        WebTools tools = new WebTools();
        assertThat(tools.validateSettings(CONTEXT.withSettings("""
                {"allowHosts": ["127.0.0.1", "10.0.0.0/8", "wiki.intranet"], "searchProvider": "brave",
                 "braveApiKey": {"env": "BRAVE_KEY"}}""").settings())).isEmpty();
        List<String> problems = tools.validateSettings(CONTEXT.withSettings("""
                {"allowHosts": ["10.0.0.0/33", "not a host"], "searchProvider": "brave",
                 "braveApiKey": "brv-plain-key", "colour": "blue"}""").settings());
        assertThat(problems).hasSize(4);
        assertThat(String.join("\n", problems))
                .contains("unknown setting 'colour'")
                .contains("'10.0.0.0/33' has a prefix length out of range")
                .contains("'not a host' is neither a host name")
                .contains("braveApiKey' must be a reference")
                .doesNotContain("brv-plain-key");
        assertThat(tools.validateSettings(CONTEXT.withSettings("{\"searchProvider\": \"searxng\"}").settings()))
                .containsExactly("searxngUrl is required for searchProvider searxng");
        assertThat(tools.validateSettings(CONTEXT.withSettings("{\"searchProvider\": \"google\"}").settings()))
                .containsExactly("searchProvider must be 'brave' or 'searxng', not 'google'");
    }
}
