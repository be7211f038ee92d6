package dev.stowage.conformance;

import java.lang.reflect.Method;
import java.util.Arrays;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.state.ActionChain;

/**
 * Gives every jqwik property of the suite its tries from the {@link Profile} and the run's seed,
 * so that one printed {@code -Dstowage.seed=N} replays the properties and the stateful test.
 */
final class ProfileHook implements AroundPropertyHook {

    /* made by jqwik */
    ProfileHook() {}

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        Profile profile = Profile.current();
        Method method = context.targetMethod();
        boolean stateful = Arrays.stream(method.getParameterTypes()).anyMatch(ActionChain.class::isAssignableFrom);
        context.attributes().setTries(stateful ? profile.statefulTries() : profile.propertyTries());
        context.attributes().setSeed(Long.toString(Profile.seedFor(method.getName())));
        return property.execute();
    }
}
