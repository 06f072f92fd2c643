package dev.talon.platform.rest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Temporal history as text a secret hunt can search: the JSON plus every payload's base64 data decoded. */
public final class HistoryText {

    private static final Pattern DATA = Pattern.compile("\"data\": ?\"([A-Za-z0-9+/=]+)\"");

    private HistoryText() {
    }

    public static String readable(String historyJson) {
        StringBuilder text = new StringBuilder(historyJson);
        Matcher data = DATA.matcher(historyJson);
        while (data.find()) {
            text.append('\n').append(new String(Base64.getDecoder().decode(data.group(1)), StandardCharsets.UTF_8));
        }
        return text.toString();
    }
}
