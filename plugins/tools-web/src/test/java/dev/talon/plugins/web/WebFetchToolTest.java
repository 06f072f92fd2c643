package dev.talon.plugins.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.ToolResult;
import dev.talon.plugintest.FakeToolContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebFetchToolTest {

    /** The web tools use only their settings: no workspace, no exec. */
    private static final FakeToolContext CONTEXT = FakeToolContext.in(Path.of("no-workspace"));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAGE = """
            <!doctype html><html><head><title>Field notes</title><style>body{color:red}</style>
            <script>var secret = "do not show";</script></head>
            <body><nav><a href="/home">Home</a> | <a href="/about">About</a></nav>
            <article><h2>Owls at night</h2>
            <p>Owls hunt <strong>mostly</strong> at night. See <a href="/more?x=1">the owl guide</a>.</p>
            <ul><li>Barn owl</li><li>Snowy owl</li></ul>
            <pre>  indented
              code</pre></article>
            <footer>Copyright</footer></body></html>""";
    private static final NameLookup NO_DNS = name -> {
        throw new UnknownHostException(name);
    };

    private LocalServer server;
    private final FakeToolContext allowLocal = CONTEXT.withSettings("{\"allowHosts\": [\"127.0.0.1\"]}");

    @BeforeEach
    void start() throws Exception {
        server = new LocalServer();
        server.answer("/page", LocalServer.Answer.of(200, "text/html; charset=utf-8", PAGE));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void extractsReadableMarkdownFromHtml() throws Exception {
        JsonNode result = fetchOk(server.url("/page"), "markdown", allowLocal);
        assertThat(result.get("status").asInt()).isEqualTo(200);
        assertThat(result.get("url").asText()).isEqualTo(server.url("/page"));
        assertThat(result.get("finalUrl").asText()).isEqualTo(server.url("/page"));
        assertThat(result.get("extractor").asText()).isEqualTo("jsoup");
        assertThat(result.get("truncated").asBoolean()).isFalse();
        String text = result.get("text").asText();
        assertThat(result.get("length").asInt()).isEqualTo(text.length());
        assertThat(text).startsWith("# Field notes")
                .contains("## Owls at night")
                .contains("Owls hunt **mostly** at night. See [the owl guide](" + server.url("/more?x=1") + ").")
                .contains("- Barn owl\n- Snowy owl")
                .contains("```\n  indented")
                .doesNotContain("do not show", "color:red", "Home", "Copyright");
    }

    @Test
    void extractsPlainTextWithoutMarkup() throws Exception {
        String text = fetchOk(server.url("/page"), "text", allowLocal).get("text").asText();
        assertThat(text).contains("Owls at night").contains("Owls hunt mostly at night. See the owl guide.")
                .doesNotContain("**", "](", "#", "do not show");
    }

    @Test
    void cutsTextAtMaxChars() throws Exception {
        server.answer("/long", LocalServer.Answer.of(200, "text/plain", "x".repeat(5_000)));
        JsonNode result = JSON.readTree(tool().execute(JSON.readTree(
                "{\"url\": \"" + server.url("/long") + "\", \"maxChars\": 1000}"), allowLocal).content());
        assertThat(result.get("extractor").asText()).isEqualTo("raw");
        assertThat(result.get("truncated").asBoolean()).isTrue();
        assertThat(result.get("length").asInt()).isEqualTo(1000);
        assertThat(result.get("text").asText()).hasSize(1000);
    }

    @Test
    void stopsReadingABodyAtTheSizeCap() throws Exception {
        server.answer("/huge", LocalServer.Answer.of(200, "text/plain", "y".repeat(200_000)));
        WebFetchTool small = new WebFetchTool(NO_DNS, new FetchLimits(5, Duration.ofSeconds(5), Duration.ofSeconds(5),
                10_000, Duration.ofSeconds(30)));
        JsonNode result = JSON.readTree(small.execute(JSON.readTree("{\"url\": \"" + server.url("/huge") + "\"}"),
                allowLocal).content());
        assertThat(result.get("truncated").asBoolean()).isTrue();
        assertThat(result.get("length").asInt()).isEqualTo(10_000);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard against a hang, the failure this test looks for
    void aServerThatNeverStopsSendingIsCutAtTheFetchDeadline() throws Exception {
        server.dripping("/drip", "z".repeat(100), 50);
        WebFetchTool patient = new WebFetchTool(NO_DNS, new FetchLimits(5, Duration.ofSeconds(5),
                Duration.ofSeconds(5), 10_000_000, Duration.ofSeconds(1)));
        ToolResult result = patient.execute(JSON.createObjectNode().put("url", server.url("/drip")), allowLocal);
        JsonNode json = JSON.readTree(result.content());
        assertThat(json.get("truncated").asBoolean()).isTrue();
        assertThat(json.get("text").asText()).isNotEmpty().matches("z+");
    }

    @Test
    void followsFiveRedirectsAndRefusesTheSixth() throws Exception {
        for (int i = 1; i <= 6; i++) {
            server.answer("/r" + i, LocalServer.Answer.redirect(i == 6 ? "/page" : "/r" + (i + 1)));
        }
        JsonNode five = fetchOk(server.url("/r2"), "text", allowLocal);
        assertThat(five.get("finalUrl").asText()).isEqualTo(server.url("/page"));
        assertThat(five.get("url").asText()).isEqualTo(server.url("/r2"));

        ToolResult six = fetch(server.url("/r1"), allowLocal);
        assertThat(six.error()).isTrue();
        assertThat(six.content()).contains("too many redirects");
        // 5 redirects and the page, then 6 redirects: the page behind the sixth is never asked for
        assertThat(server.requests).hasSize(12).endsWith("/r5", "/r6");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://[::1]:1/",
        "http://2130706433/", "http://0177.0.0.1/"})
    void refusesARedirectToAnAddressThatIsNotPublicEvenFromAnAllowedHost(String target) throws Exception {
        server.answer("/jump", LocalServer.Answer.redirect(target));
        NameLookup localTest = name -> {
            if (!name.equals("local.test")) {
                throw new UnknownHostException(name);
            }
            return new InetAddress[] {InetAddress.getByAddress(name, new byte[] {127, 0, 0, 1})};
        };
        ToolResult result = new WebFetchTool(localTest, FetchLimits.DEFAULT).execute(JSON.createObjectNode()
                .put("url", "http://local.test:" + server.port() + "/jump"),
                CONTEXT.withSettings("{\"allowHosts\": [\"local.test\"]}"));
        assertThat(result.error()).isTrue();
        assertThat(result.content()).contains("refused to fetch from");
        assertThat(server.requests).containsExactly("/jump");
    }

    @Test
    void refusesTheLoopbackServerWithoutAnAllowList() {
        ToolResult result = fetch(server.url("/page"), CONTEXT);
        assertThat(result.error()).isTrue();
        assertThat(result.content()).startsWith("Error: refused to fetch from 127.0.0.1")
                .contains("127.0.0.1 is a loopback address");
        assertThat(server.requests).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "ftp://example.com/x", "gopher://127.0.0.1:70/", "javascript:alert(1)",
        "//example.com/", "jar:file:/x!/y"})
    void refusesSchemesOtherThanHttp(String url) {
        ToolResult result = fetch(url, allowLocal);
        assertThat(result.error()).isTrue();
        assertThat(result.content()).contains("only http and https URLs are fetched");
    }

    @Test
    void connectsToTheAddressItCheckedWhateverDnsSaysLater() throws Exception {
        // a rebinding resolver: the checked answer is the allowed loopback server, every later answer elsewhere
        AtomicInteger lookups = new AtomicInteger();
        NameLookup rebinding = name -> new InetAddress[] {InetAddress.getByAddress(name,
                lookups.getAndIncrement() == 0 ? new byte[] {127, 0, 0, 1} : new byte[] {(byte) 192, 0, 2, 1})};
        WebFetchTool tool = new WebFetchTool(rebinding, FetchLimits.DEFAULT);
        String url = "http://site.test:" + server.port() + "/page";
        ToolResult result = tool.execute(JSON.readTree("{\"url\": \"" + url + "\"}"), allowLocal);
        assertThat(result.error()).as(result.content()).isFalse();
        assertThat(lookups).hasValue(1);
        assertThat(server.requestHeaders.getFirst().get("Host")).containsExactly("site.test:" + server.port());
    }

    @Test
    void refusesBinaryContentAndBadArguments() throws Exception {
        server.answer("/img", new LocalServer.Answer(200, "image/png", new byte[] {1, 2, 3}, java.util.Map.of()));
        assertThat(fetch(server.url("/img"), allowLocal).content()).contains("content type image/png");
        server.requests.clear();
        assertThat(tool().execute(JSON.readTree("{}"), allowLocal).content()).contains("missing required argument: url");
        assertThat(tool().execute(JSON.readTree("{\"url\": \"" + server.url("/page") + "\", \"maxChars\": -1}"),
                allowLocal).content()).contains("maxChars");
        assertThat(tool().execute(JSON.readTree("{\"url\": \"" + server.url("/page") + "\", \"extractMode\": \"pdf\"}"),
                allowLocal).content()).contains("extractMode");
        assertThat(fetch("http://user:pw@127.0.0.1:" + server.port() + "/", allowLocal).content()).contains("user info");
        assertThat(server.requests).isEmpty();
    }

    @Test
    void reportsAnHttpErrorStatusAsTheResult() throws Exception {
        JsonNode result = fetchOk(server.url("/missing"), "text", allowLocal);
        assertThat(result.get("status").asInt()).isEqualTo(404);
        assertThat(result.get("text").asText()).isEqualTo("not found");
    }

    private JsonNode fetchOk(String url, String mode, FakeToolContext context) throws Exception {
        ToolResult result = tool().execute(JSON.readTree(
                "{\"url\": \"" + url + "\", \"extractMode\": \"" + mode + "\"}"), context);
        assertThat(result.error()).as(result.content()).isFalse();
        return JSON.readTree(result.content());
    }

    private ToolResult fetch(String url, FakeToolContext context) {
        return tool().execute(JSON.createObjectNode().put("url", url), context);
    }

    private static WebFetchTool tool() {
        return new WebFetchTool(NO_DNS, FetchLimits.DEFAULT);
    }

    @Test
    void theToolListIsWebFetchAndWebSearch() {
        assertThat(new WebTools().tools()).extracting(t -> t.spec().name()).isEqualTo(List.of("web_fetch", "web_search"));
    }
}
