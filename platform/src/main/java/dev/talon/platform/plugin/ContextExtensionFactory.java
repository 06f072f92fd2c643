package dev.talon.platform.plugin;

import dev.talon.api.PluginContext;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.pf4j.ExtensionFactory;
import org.pf4j.PluginRuntimeException;

/**
 * Builds each extension once, handing it a {@link PluginContext} when its constructor takes one. Extensions
 * are shared by all tenants and threads, which the plugin API asks them to allow.
 */
final class ContextExtensionFactory implements ExtensionFactory {

    private final Function<Class<?>, PluginContext> contexts;
    private final Map<Class<?>, Object> instances = new ConcurrentHashMap<>();

    ContextExtensionFactory(Function<Class<?>, PluginContext> contexts) {
        this.contexts = contexts;
    }

    @Override
    public <T> T create(Class<T> extensionClass) {
        return extensionClass.cast(instances.computeIfAbsent(extensionClass, this::instantiate));
    }

    private Object instantiate(Class<?> extensionClass) {
        try {
            for (Constructor<?> constructor : extensionClass.getConstructors()) {
                Class<?>[] parameters = constructor.getParameterTypes();
                if (parameters.length == 1 && parameters[0] == PluginContext.class) {
                    return constructor.newInstance(contexts.apply(extensionClass));
                }
            }
            return extensionClass.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new PluginRuntimeException("extension " + extensionClass.getName()
                    + " needs a public constructor taking no arguments or a PluginContext");
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new PluginRuntimeException(e, "cannot create extension {}", extensionClass.getName());
        }
    }
}
