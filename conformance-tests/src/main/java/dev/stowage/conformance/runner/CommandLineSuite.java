package dev.stowage.conformance.runner;

import dev.stowage.conformance.DriverConformanceSuite;
import dev.stowage.conformance.Exclusion;
import dev.stowage.driver.StorageDriver;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.engine.support.store.Namespace;
import org.junit.platform.launcher.LauncherSession;

/**
 * The suite over the driver the command line names; {@link CaseDrivers} gives each case a fresh
 * root. The runner hands each instance its {@link Run} through the launcher session's store, so
 * two runs in one JVM never share one.
 */
@ExtendWith(CommandLineSuite.RunResolver.class)
class CommandLineSuite extends DriverConformanceSuite {

    private final Run run;

    CommandLineSuite(Run run) {
        this.run = run;
    }

    @Override
    protected StorageDriver newDriver() throws Exception {
        return run.drivers().next();
    }

    @Override
    protected Set<Exclusion> exclusions() {
        return run.exclusions();
    }

    /** What one command line runs: the drivers for its cases and the cases it excludes. */
    record Run(CaseDrivers drivers, Set<Exclusion> exclusions) {

        private static final String NAMESPACE = "dev.stowage.conformance.runner";

        /** Makes this run the one the suite's instances of {@code session} get. */
        void putInto(LauncherSession session) {
            session.getStore().put(Namespace.create(NAMESPACE), Run.class, this);
        }
    }

    /** Gives the suite's constructor the {@link Run} of the launcher session. */
    static final class RunResolver implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == Run.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            Run run = context.getStore(ExtensionContext.StoreScope.LAUNCHER_SESSION,
                    ExtensionContext.Namespace.create(Run.NAMESPACE)).get(Run.class, Run.class);
            if (run == null) {
                throw new ParameterResolutionException("CommandLineSuite runs only from ConformanceRunner, "
                        + "which puts its Run in the launcher session's store");
            }
            return run;
        }
    }
}
