package dev.talon.plugins.web;

import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * The readable text of an HTML page, as markdown or plain text: the main content ({@code <article>}, {@code <main>}
 * or the body), without scripts, styles, navigation and other chrome, parsed by jsoup.
 */
final class ReadableText {

    private static final String CHROME = "script, style, noscript, template, svg, canvas, iframe, object, embed, "
            + "form, button, input, select, textarea, nav, aside, [hidden], [aria-hidden=true]";
    private static final List<String> BLOCKS = List.of("p", "div", "section", "article", "main", "header", "footer",
            "figure", "figcaption", "table", "dl", "dt", "dd", "address", "details", "summary", "ul", "ol");

    private final boolean markdown;
    private final StringBuilder out = new StringBuilder();

    private ReadableText(boolean markdown) {
        this.markdown = markdown;
    }

    /** The page's text; {@code baseUri} makes relative links absolute. */
    static String of(String html, String baseUri, boolean markdown) {
        Document document = Jsoup.parse(html, baseUri);
        Element root = document.selectFirst("article");
        if (root == null) {
            root = document.selectFirst("main");
        }
        if (root == null) {
            root = document.body();
            root.select("header, footer").remove();
        }
        root.select(CHROME).remove();
        ReadableText text = new ReadableText(markdown);
        String title = document.title().strip();
        if (!title.isEmpty()) {
            text.out.append(markdown ? "# " : "").append(title).append("\n\n");
        }
        text.children(root);
        return tidy(text.out.toString());
    }

    private void children(Element element) {
        for (Node child : element.childNodes()) {
            node(child);
        }
    }

    private void node(Node node) {
        if (node instanceof TextNode text) {
            String words = text.text().replaceAll("\\s+", " ");
            if (out.isEmpty() || Character.isWhitespace(out.charAt(out.length() - 1))) {
                words = words.stripLeading(); // no space at a line's start or twice
            }
            out.append(words);
            return;
        }
        if (!(node instanceof Element element)) {
            return;
        }
        String tag = element.normalName();
        switch (tag) {
            case "h1", "h2", "h3", "h4", "h5", "h6" -> {
                block();
                out.append(markdown ? "#".repeat(tag.charAt(1) - '0') + " " : "").append(element.text().strip());
                block();
            }
            case "br" -> out.append('\n');
            case "hr" -> {
                block();
                out.append(markdown ? "---" : "");
                block();
            }
            case "li" -> {
                line();
                out.append(markdown ? "- " : "• ");
                children(element);
                line();
            }
            case "tr" -> {
                line();
                children(element);
                line();
            }
            case "td", "th" -> {
                children(element);
                out.append(" | ");
            }
            case "pre" -> {
                block();
                out.append(markdown ? "```\n" : "").append(element.wholeText().replaceAll("^\\n+|\\s+$", "")).append(markdown ? "\n```" : "");
                block();
            }
            case "code" -> wrap(element, "`");
            case "strong", "b" -> wrap(element, "**");
            case "em", "i" -> wrap(element, "*");
            case "blockquote" -> {
                block();
                int start = out.length();
                children(element);
                if (markdown) {
                    String quoted = out.substring(start).strip().replaceAll("(?m)^", "> ");
                    out.setLength(start);
                    out.append(quoted);
                }
                block();
            }
            case "a" -> link(element);
            case "img" -> {
                String alt = element.attr("alt").strip();
                if (markdown && !alt.isEmpty()) {
                    out.append("[image: ").append(alt).append(']');
                }
            }
            default -> {
                boolean isBlock = BLOCKS.contains(tag);
                if (isBlock) {
                    block();
                }
                children(element);
                if (isBlock) {
                    block();
                }
            }
        }
    }

    private void wrap(Element element, String mark) {
        String inner = element.text().strip();
        if (inner.isEmpty()) {
            return;
        }
        out.append(markdown ? mark + inner + mark : inner);
    }

    private void link(Element element) {
        String href = element.absUrl("href");
        String label = element.text().strip();
        boolean web = href.startsWith("http://") || href.startsWith("https://");
        if (markdown && web && !label.isEmpty()) {
            out.append('[').append(label.replace("]", "\\]")).append("](").append(href.replace(")", "%29")).append(')');
        } else {
            children(element);
        }
    }

    private void line() {
        if (!out.isEmpty() && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
    }

    private void block() {
        line();
        if (out.length() >= 2 && out.charAt(out.length() - 2) != '\n') {
            out.append('\n');
        }
    }

    /** Trailing spaces off every line, at most one blank line in a row, no blank start or end. */
    private static String tidy(String text) {
        return text.replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
    }
}
