package dev.stowage.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.stowage.conformance.property.PropertyConfigurer;
import dev.stowage.conformance.property.Settings;
import dev.stowage.driver.FileInfo;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import dev.stowage.driver.WalkAction;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;

/**
 * The lifecycle every case shares: a fresh driver over an empty root before the case, and after
 * it the hygiene check (delete every top-level entry, then nothing may be left under the root)
 * and {@code close}. Example cases get it through {@code @BeforeEach}/{@code @AfterEach};
 * properties ({@link dev.stowage.conformance.property.PropertyTest}) call {@link #withFreshDriver}
 * for each try, and take their tries, seed and shrinking time limit from the {@link Profile}.
 */
abstract class SuiteSupport implements PropertyConfigurer {

    /** Returns a driver over a fresh, empty store root; see {@link DriverConformanceSuite#newDriver()}. */
    protected abstract StorageDriver newDriver() throws Exception;

    /** The cases this driver's test setup excludes; see {@link DriverConformanceSuite#exclusions()}. */
    protected abstract Set<Exclusion> exclusions();

    /** The driver of the running example case, validating, over an empty root. */
    StorageDriver driver;
    /** Seeded per case from the run's seed. */
    Random random;
    /** The run's size profile. */
    final Profile profile = Profile.current();

    /**
     * The kit's property settings: tries, seed and shrinking time limit from the size profile; a
     * replay token and shrinking on or off as the configuration parameters say.
     */
    @Override
    public final Settings configure(Method property, Settings settings) {
        return profile.propertySettings(property.getDeclaringClass() == StatefulCases.class, settings);
    }

    @BeforeEach
    final void openDriverForCase(TestInfo info) throws Exception {
        String name = info.getTestClass().map(Class::getName).orElse("") + "#"
                + info.getTestMethod().map(m -> m.getName()).orElse(info.getDisplayName());
        random = new Random(Profile.seedFor(name));
        info.getTestMethod().ifPresent(this::abortIfExcluded);
        driver = openFreshDriver();
    }

    /** Ends the case as excluded when {@link #exclusions()} names it, and says so on the console. */
    private void abortIfExcluded(Method method) {
        for (Exclusion exclusion : exclusions()) {
            if (exclusion.caseName().equals(method.getName())) {
                Exclusion.Excluded excluded = new Exclusion.Excluded(getClass().getSimpleName(), exclusion);
                System.out.println("[stowage-conformance] " + method.getName() + " " + excluded.getMessage());
                throw excluded;
            }
        }
    }

    @AfterEach
    final void closeDriverForCase() throws Exception {
        StorageDriver d = driver;
        driver = null;
        if (d != null) {
            cleanUpAndCheck(d);
        }
    }

    /** Calls {@link #newDriver()}, wraps it in the validating wrapper and checks that its root is empty. */
    final StorageDriver openFreshDriver() throws Exception {
        StorageDriver made = newDriver();
        if (made == null) {
            fail("newDriver() returned null");
        }
        StorageDriver d = StorageDrivers.validating(made);
        List<String> existing;
        try {
            existing = d.list("/");
        } catch (IOException | RuntimeException e) {
            d.close();
            throw new AssertionFailedError("list(\"/\") of the fresh root from newDriver() failed: " + e, e);
        }
        if (!existing.isEmpty()) {
            d.close();
            fail("newDriver() must return a driver over a fresh, EMPTY root, but list(\"/\") found " + existing);
        }
        return d;
    }

    /**
     * The hygiene check: deletes every top-level entry, then requires that {@code list("/")} and
     * {@code walk("/")} find nothing; closes the driver in any case.
     */
    static void cleanUpAndCheck(StorageDriver d) throws Exception {
        try {
            List<String> top = d.list("/");
            for (String entry : top) {
                d.delete(entry);
            }
            List<String> left = d.list("/");
            List<String> walked = new ArrayList<>();
            d.walk("/", e -> {
                walked.add(e.path());
                return WalkAction.CONTINUE;
            });
            if (!left.isEmpty() || !walked.isEmpty()) {
                fail("hygiene: after deleting every top-level entry " + top + " the root still holds list(\"/\")="
                        + left + ", walk(\"/\")=" + walked);
            }
        } finally {
            d.close();
        }
    }

    /** Runs {@code body} with a fresh driver, then the hygiene check; for properties, one per try. */
    @SuppressWarnings("Finally") // finally throws only when the body did not fail; else it adds a suppressed one
    final void withFreshDriver(DriverBody body) throws Exception {
        StorageDriver d = openFreshDriver();
        Throwable failure = null;
        try {
            body.run(d);
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            try {
                cleanUpAndCheck(d);
            } catch (Throwable t) {
                if (failure != null) {
                    failure.addSuppressed(t);
                } else {
                    throw t;
                }
            }
        }
    }

    @FunctionalInterface
    interface DriverBody {
        void run(StorageDriver driver) throws Exception;
    }

    // ---- assertions shared by the cases -------------------------------------------------------

    /** Asserts that {@code call} throws {@code type} (or a subclass), naming {@code what} on failure. */
    static <T extends Throwable> T expectThrows(Class<T> type, String what, Executable call) {
        try {
            call.execute();
        } catch (Throwable t) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            throw new AssertionFailedError(what + ": expected " + type.getSimpleName() + " but got " + t, t);
        }
        throw new AssertionFailedError(what + ": expected " + type.getSimpleName() + " but the call succeeded");
    }

    static void assertContent(StorageDriver d, String path, byte[] expected) throws IOException {
        byte[] got = d.getContent(path);
        if (!java.util.Arrays.equals(expected, got)) {
            assertArrayEquals(expected, got, "getContent(" + path + ") gave " + Data.describe(got) + ", expected "
                    + Data.describe(expected));
        }
        byte[] streamed = Data.read(d, path, 0);
        if (!java.util.Arrays.equals(expected, streamed)) {
            assertArrayEquals(expected, streamed, "reader(" + path + ", 0) gave " + Data.describe(streamed)
                    + ", expected " + Data.describe(expected));
        }
        FileInfo info = d.stat(path);
        assertEquals(false, info.isDirectory(), "stat(" + path + ").isDirectory() of a file");
        assertEquals(expected.length, info.size(), "stat(" + path + ").size()");
    }

    static void assertMissing(StorageDriver d, String path) {
        expectThrows(dev.stowage.driver.PathNotFoundException.class, "stat(" + path + ") of a missing path", () -> d.stat(path));
        expectThrows(dev.stowage.driver.PathNotFoundException.class, "getContent(" + path + ") of a missing path",
                () -> d.getContent(path));
    }

    static List<FileInfo> walkAll(StorageDriver d, String path) throws IOException {
        List<FileInfo> seen = new ArrayList<>();
        d.walk(path, e -> {
            seen.add(Objects.requireNonNull(e));
            return WalkAction.CONTINUE;
        });
        return seen;
    }

    /** A random path segment, safe on every backend. */
    String segment() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
