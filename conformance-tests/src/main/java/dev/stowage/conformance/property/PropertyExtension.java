package dev.stowage.conformance.property;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/** Runs a {@link PropertyTest} method once per test case through {@link Property#check}. */
final class PropertyExtension implements InvocationInterceptor, ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Source.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return null; // each test case gets its own source; see interceptTestMethod
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
            ExtensionContext context) throws Throwable {
        Method method = call.getExecutable();
        List<Integer> at = new ArrayList<>();
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            if (types[i] == Source.class) {
                at.add(i);
            }
        }
        if (at.size() != 1) {
            invocation.skip();
            throw new IllegalStateException("@PropertyTest method " + method.getName() + " must take exactly one Source parameter");
        }
        invocation.skip();
        Settings settings = settings(method, call.getTarget().orElse(null), context);
        Object target = call.getTarget().orElse(null);
        List<Object> arguments = call.getArguments();
        method.setAccessible(true);
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("property", method.getName());
        entry.put("seed", Long.toString(settings.seed()));
        entry.put(settings.replay() == null ? "tries" : "replay", settings.replay() == null ? Integer.toString(settings.tries()) : settings.replay());
        context.publishReportEntry(entry);
        try {
            Property.check(method.getName(), settings, source -> {
                Object[] args = arguments.toArray();
                args[at.get(0)] = source;
                try {
                    method.invoke(target, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
        } catch (PropertyFailure failure) {
            Map<String, String> shrunk = new LinkedHashMap<>();
            shrunk.put("shrunk sample", failure.sample().isEmpty() ? String.valueOf(failure.getCause().getMessage())
                    : String.join("\n", failure.sample()));
            shrunk.put("replay", "-D" + Settings.REPLAY + "=" + failure.token());
            context.publishReportEntry(shrunk);
            throw failure;
        }
    }

    private static Settings settings(Method method, Object target, ExtensionContext context) {
        Settings settings = Settings.from(name -> context.getConfigurationParameter(name).orElse(null));
        PropertyTest annotation = method.getAnnotation(PropertyTest.class);
        if (annotation != null && annotation.tries() > 0) {
            settings = settings.withTries(annotation.tries());
        }
        if (target instanceof PropertyConfigurer configurer) {
            settings = configurer.configure(method, settings);
        }
        return settings;
    }
}
