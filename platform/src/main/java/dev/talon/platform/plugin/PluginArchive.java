package dev.talon.platform.plugin;

import dev.talon.platform.tenant.Ids;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A plugin file as read before anything of it is loaded: its descriptor, its layout and the extensions it
 * declares. {@link #inspect} refuses, with the reason, anything PF4J would load only in part or not at all.
 *
 * @param extensions the class names listed in {@code META-INF/extensions.idx}
 */
record PluginArchive(String id, String version, String description, Layout layout, List<String> extensions) {

    /** A PF4J zip ({@code plugin.properties}, {@code classes/}, {@code lib/}) or a jar (everything at the root). */
    enum Layout {
        ZIP("zip", "classes/"), JAR("jar", "");

        final String extension;
        final String classesPrefix;

        Layout(String extension, String classesPrefix) {
            this.extension = extension;
            this.classesPrefix = classesPrefix;
        }
    }

    /** MAJOR.MINOR.PATCH, then optional -pre.release and +build identifiers (semver.org). */
    private static final Pattern SEMANTIC_VERSION = Pattern.compile(
            "(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)"
                    + "(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?(\\+[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?");

    static PluginArchive inspect(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Set<String> names = entryNames(zip);
            Properties descriptor = descriptor(zip);
            String id = descriptor.getProperty("plugin.id", "").strip();
            if (!Ids.isValid(id)) {
                throw invalid(id.isEmpty() ? "plugin.properties has no plugin.id"
                        : "plugin.id '" + printable(id) + "' is not valid: 1-128 letters, digits, '.', '_' or '-', "
                        + "not starting with '.'");
            }
            String version = descriptor.getProperty("plugin.version", "").strip();
            if (!SEMANTIC_VERSION.matcher(version).matches()) {
                throw invalid(version.isEmpty() ? "plugin.properties has no plugin.version"
                        : "plugin.version '" + printable(version) + "' is not a semantic version "
                        + "(MAJOR.MINOR.PATCH, e.g. 1.2.0 or 1.2.0-SNAPSHOT)");
            }
            if (!descriptor.getProperty("plugin.dependencies", "").isBlank()) {
                // every plugin gets its own PF4J manager so it can be replaced alone (docs/plugins.md)
                throw invalid("plugin.dependencies is not supported: Talon loads each plugin on its own so that it "
                        + "can be replaced without a restart; put shared code in the plugin's lib/");
            }
            boolean zipLayout = names.stream().anyMatch(name -> name.startsWith("classes/") || name.startsWith("lib/"));
            Layout layout = zipLayout ? Layout.ZIP : Layout.JAR;
            List<String> extensions = extensions(zip, layout);
            for (String extension : extensions) {
                requireClass(names, layout, extension, "META-INF/extensions.idx lists " + extension);
            }
            String pluginClass = descriptor.getProperty("plugin.class", "").strip();
            if (!pluginClass.isEmpty()) {
                requireClass(names, layout, pluginClass, "plugin.class is " + pluginClass);
            }
            return new PluginArchive(id, version, descriptor.getProperty("plugin.description", "").strip(), layout,
                    List.copyOf(extensions));
        } catch (ZipException e) {
            throw invalid("not a zip or jar file (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw invalid("cannot read the file: " + e.getMessage());
        }
    }

    /** The file name this plugin gets when it has none yet. */
    String defaultFileName() {
        return id + "." + layout.extension;
    }

    private static Set<String> entryNames(ZipFile zip) {
        Set<String> names = new HashSet<>();
        for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
            String name = entries.nextElement().getName();
            // the zip is unpacked by the platform: no entry may land outside the plugin's directory
            if (name.startsWith("/") || name.contains("\\") || name.contains(":")
                    || List.of(name.split("/")).contains("..")) {
                throw invalid("unsafe entry name '" + printable(name) + "'");
            }
            names.add(name);
        }
        return names;
    }

    private static Properties descriptor(ZipFile zip) throws IOException {
        ZipEntry entry = zip.getEntry("plugin.properties");
        if (entry == null) {
            throw invalid("no plugin.properties at the root of the archive");
        }
        Properties properties = new Properties();
        try (InputStream in = zip.getInputStream(entry)) {
            properties.load(in); // as PF4J reads it: ISO-8859-1 with \\u escapes
        }
        return properties;
    }

    private static List<String> extensions(ZipFile zip, Layout layout) throws IOException {
        String index = layout.classesPrefix + "META-INF/extensions.idx";
        ZipEntry entry = zip.getEntry(index);
        if (entry == null) {
            throw invalid("no extensions: " + index + " is missing (annotate extensions with @org.pf4j.Extension; "
                    + "on JDK 23+ compile with -proc:full so the annotation processor writes it)");
        }
        List<String> extensions = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(zip.getInputStream(entry),
                StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    extensions.add(name);
                }
            }
        }
        if (extensions.isEmpty()) {
            throw invalid("no extensions: " + index + " lists none");
        }
        return extensions;
    }

    private static void requireClass(Set<String> names, Layout layout, String className, String what) {
        String path = layout.classesPrefix + className.replace('.', '/') + ".class";
        if (!names.contains(path)) {
            throw invalid(what + " but " + path + " is not in the archive"
                    + (layout == Layout.ZIP ? " (a zip keeps its classes under classes/)" : ""));
        }
    }

    private static PluginRefusedException invalid(String reason) {
        return new PluginRefusedException(PluginRefusedException.Kind.INVALID, reason);
    }

    /** Untrusted text cut short and stripped of control characters before it goes into a message. */
    private static String printable(String text) {
        String clean = text.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return clean.length() > 80 ? clean.substring(0, 80) + "…" : clean;
    }
}
