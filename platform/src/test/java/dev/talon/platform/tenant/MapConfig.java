package dev.talon.platform.tenant;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.eclipse.microprofile.config.spi.ConfigSource;

/** A MicroProfile Config made of a map, for tests that start a platform with settings of their own. */
final class MapConfig {

    private MapConfig() {
    }

    static Config of(Map<String, String> values) {
        Map<String, String> copy = new HashMap<>(values);
        return ConfigProviderResolver.instance().getBuilder().withSources(new ConfigSource() {
            @Override
            public Set<String> getPropertyNames() {
                return copy.keySet();
            }

            @Override
            public String getValue(String propertyName) {
                return copy.get(propertyName);
            }

            @Override
            public String getName() {
                return "test";
            }
        }).build();
    }
}
