package dev.talon.plugins.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.talon.api.Tool;
import dev.talon.api.ToolContext;
import dev.talon.api.ToolResult;
import dev.talon.api.ToolEffect;
import dev.talon.api.ToolSpec;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.hc.core5.http.ContentType;

/**
 * {@code web_fetch(url, extractMode, maxChars)}: one page's readable text, as nanobot's tool returns it —
 * {@code {url, finalUrl, status, extractor, truncated, length, text}}. Only public addresses are reached unless the
 * tenant's {@code allowHosts} opens more; every refusal is an error the model reads.
 */
final class WebFetchTool implements Tool {

    static final int DEFAULT_MAX_CHARS = 50_000;
    static final int MAX_CHARS = 200_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NameLookup names;
    private final FetchLimits limits;
    private final ToolSpec spec;

    WebFetchTool(NameLookup names, FetchLimits limits) {
        this.names = names;
        this.limits = limits;
        this.spec = new ToolSpec("web_fetch", "Fetch a web page (http or https) and return its readable text as"
                + " JSON {url, finalUrl, status, extractor, truncated, length, text}. Public addresses only.",
                schema());
    }

    @Override
    public ToolSpec spec() {
        return spec;
    }

    /** A GET of a page. */
    @Override
    public ToolEffect effect() {
        return ToolEffect.READ_ONLY;
    }

    @Override
    public ToolResult execute(JsonNode arguments, ToolContext context) {
        try {
            String url = WebArguments.requiredString(arguments, "url");
            boolean markdown = WebArguments.optionalChoice(arguments, "extractMode", "markdown", "markdown", "text")
                    .equals("markdown");
            int maxChars = WebArguments.optionalInt(arguments, "maxChars", DEFAULT_MAX_CHARS, 100, MAX_CHARS);
            AddressPolicy policy;
            try {
                policy = WebSettings.fetchPolicy(context.settings());
            } catch (IllegalArgumentException e) {
                throw new WebToolFailure("web_fetch is misconfigured for this tenant: " + e.getMessage());
            }
            FetchedPage page = new PinnedFetcher(policy, names, limits).fetch(url, context::isCancelled);
            return ToolResult.ok(JSON.writeValueAsString(result(url, page, markdown, maxChars)));
        } catch (WebToolFailure e) {
            return e.toResult();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return ToolResult.error("Error: cannot write the result: " + e.getOriginalMessage());
        }
    }

    private static ObjectNode result(String url, FetchedPage page, boolean markdown, int maxChars) {
        String mime = mimeType(page.contentType());
        String body = new String(page.body(), charset(page.contentType()));
        String extractor;
        String text;
        if (mime.equals("text/html") || mime.equals("application/xhtml+xml")
                || (mime.isEmpty() && body.stripLeading().startsWith("<"))) {
            extractor = "jsoup";
            text = ReadableText.of(body, page.finalUri().toString(), markdown);
        } else if (mime.equals("application/json") || mime.endsWith("+json")) {
            extractor = "json";
            text = body;
        } else if (mime.startsWith("text/") || mime.isEmpty() || mime.endsWith("+xml") || mime.equals("application/xml")) {
            extractor = "raw";
            text = body;
        } else {
            throw new WebToolFailure(page.finalUri() + " answered with content type " + mime
                    + ", which web_fetch does not read (text, HTML and JSON only)");
        }
        boolean truncated = page.cut() || text.length() > maxChars;
        if (text.length() > maxChars) {
            text = text.substring(0, maxChars);
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("url", url);
        result.put("finalUrl", page.finalUri().toString());
        result.put("status", page.status());
        result.put("extractor", extractor);
        result.put("truncated", truncated);
        result.put("length", text.length());
        result.put("text", text);
        return result;
    }

    private static String mimeType(String contentType) {
        String mime = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return mime;
    }

    private static Charset charset(String contentType) {
        try {
            ContentType type = ContentType.parseLenient(contentType);
            return type == null || type.getCharset() == null ? StandardCharsets.UTF_8 : type.getCharset();
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8; // an unknown charset name: read as UTF-8 rather than fail
        }
    }

    private static JsonNode schema() {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("url").put("type", "string").put("description", "the http or https URL to fetch");
        ObjectNode mode = properties.putObject("extractMode");
        mode.put("type", "string").put("description", "markdown (default) or text");
        mode.putArray("enum").add("markdown").add("text");
        properties.putObject("maxChars").put("type", "integer").put("minimum", 100).put("maximum", MAX_CHARS)
                .put("description", "the most characters of text to return (default " + DEFAULT_MAX_CHARS + ")");
        schema.putArray("required").add("url");
        return schema;
    }
}
