package dev.talon.platform.plugin;

import dev.talon.api.Tool;
import dev.talon.api.ToolProvider;
import dev.talon.api.ToolScope;
import dev.talon.api.ToolSettings;
import java.util.List;

/** A tool provider whose tools' calls are counted, so its plugin version is not unloaded under them. */
final class CountedToolProvider implements ToolProvider {

    private final ToolProvider provider;
    private final InFlightCalls calls;

    CountedToolProvider(ToolProvider provider, InFlightCalls calls) {
        this.provider = provider;
        this.calls = calls;
    }

    @Override
    public List<Tool> tools() {
        calls.enter();
        try {
            return provider.tools().stream().<Tool>map(tool -> new CountedTool(tool, calls)).toList();
        } finally {
            calls.exit();
        }
    }

    @Override
    public List<Tool> tools(ToolSettings settings) {
        calls.enter();
        try {
            return provider.tools(settings).stream().<Tool>map(tool -> new CountedTool(tool, calls)).toList();
        } finally {
            calls.exit();
        }
    }

    @Override
    public List<Tool> tools(ToolSettings settings, ToolScope scope) {
        calls.enter();
        try {
            return provider.tools(settings, scope).stream().<Tool>map(tool -> new CountedTool(tool, calls)).toList();
        } finally {
            calls.exit();
        }
    }

    @Override
    public List<String> validateSettings(ToolSettings settings, ToolScope scope) {
        calls.enter();
        try {
            return List.copyOf(provider.validateSettings(settings, scope));
        } finally {
            calls.exit();
        }
    }

    @Override
    public List<String> validateSettings(ToolSettings settings) {
        calls.enter();
        try {
            return List.copyOf(provider.validateSettings(settings));
        } finally {
            calls.exit();
        }
    }
}
