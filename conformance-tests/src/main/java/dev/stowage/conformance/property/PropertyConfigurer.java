package dev.stowage.conformance.property;

import java.lang.reflect.Method;

/**
 * Implemented by a test class whose {@link PropertyTest} methods take their settings from the class
 * (a size profile, say) rather than only from the configuration parameters.
 */
public interface PropertyConfigurer {

    /**
     * The settings of {@code property}, given those the configuration parameters and the annotation
     * made; return them changed (e.g. {@link Settings#withTries}) or as they are.
     */
    Settings configure(Method property, Settings settings);
}
