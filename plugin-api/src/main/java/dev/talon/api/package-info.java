/**
 * The Talon plugin API: the only types a plugin sees.
 *
 * <p>A plugin is a PF4J plugin (a zip with {@code classes/} and {@code lib/}, or a jar) whose extensions
 * implement one of three extension points:
 * <ul>
 *   <li>{@link dev.talon.api.LlmProvider} — talks to a language model;</li>
 *   <li>{@link dev.talon.api.ToolProvider} — offers {@link dev.talon.api.Tool}s the model may call;</li>
 *   <li>{@link dev.talon.api.ExecBackend} — runs shell commands for tools, with some isolation policy.</li>
 * </ul>
 *
 * <p>Everything here is framework-free: no CDI, no Helidon, no Temporal. Messages are plain records that
 * Jackson serializes (the platform stores them in Temporal history and in session files), so keep them small.
 * A plugin declares this module and PF4J with {@code provided} scope; the platform supplies both at run time.
 *
 * <p>Host services reach an extension through its constructor: an extension class may declare a public
 * constructor taking a {@link dev.talon.api.PluginContext}; otherwise it needs a public no-argument one.
 */
package dev.talon.api;
