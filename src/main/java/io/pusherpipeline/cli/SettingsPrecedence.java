package io.pusherpipeline.cli;

import org.apache.camel.Ordered;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.util.IOHelper;

/**
 * Puts the sources of the settings in the documented order, later wins: the jar's defaults,
 * {@code ./application.properties}, environment variables, JVM {@code -D} options. Camel on its
 * own reads environment variables over {@code -D}; here they become a source of their own, read
 * after the system properties and before the properties files.
 */
final class SettingsPrecedence {

    private SettingsPrecedence() {
    }

    static void apply(PropertiesComponent properties) {
        org.apache.camel.component.properties.PropertiesComponent camelProperties =
                (org.apache.camel.component.properties.PropertiesComponent) properties;
        camelProperties.setEnvironmentVariableMode(
                org.apache.camel.component.properties.PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
        properties.addPropertiesSource(new EnvironmentVariables());
    }

    /** {@code pusher.app-secret} from {@code PUSHER_APP_SECRET}, with Camel's own name mapping. */
    private static final class EnvironmentVariables implements PropertiesSource, Ordered {

        @Override
        public String getName() {
            return "EnvironmentVariables";
        }

        @Override
        public String getProperty(String name) {
            return IOHelper.lookupEnvironmentVariable(name);
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST;
        }
    }
}
