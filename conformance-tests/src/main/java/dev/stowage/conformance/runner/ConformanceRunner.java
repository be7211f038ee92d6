package dev.stowage.conformance.runner;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.stowage.conformance.Exclusion;
import dev.stowage.conformance.config.StorageConfigFile;
import dev.stowage.conformance.property.Property;
import dev.stowage.conformance.property.PropertyTest;
import dev.stowage.conformance.property.Settings;
import dev.stowage.driver.StorageConfig;
import dev.stowage.driver.StorageDriverFactory;
import dev.stowage.driver.StorageDrivers;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.platform.engine.discovery.MethodSelector;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The standalone conformance runner: runs the same suite that a test class gets from
 * {@link dev.stowage.conformance.DriverConformanceSuite}, through the JUnit Platform Launcher,
 * against a driver named on the command line. It prints a line per case, writes
 * {@code TEST-stowage-conformance.xml} (JUnit XML) and {@code conformance.html} into the report
 * folder, ends with {@code N passed, M failed, K skipped} (and {@code E excluded} when {@code --exclude}
 * names cases) and exits 1 on any failure (2 on bad
 * arguments or config).
 *
 * <pre>
 * java -jar stowage-conformance-0.1.0-SNAPSHOT-all.jar --driver-jar driver-filesystem.jar \
 *     --driver filesystem --param rootdirectory=/tmp/conformance
 * </pre>
 */
@Command(name = "stowage-conformance", mixinStandardHelpOptions = true, version = "stowage-conformance 0.1.0-SNAPSHOT",
        sortOptions = false,
        description = {"Runs the Stowage conformance suite against a storage driver.",
                "Each case gets a fresh, empty root: when the driver declares a 'rootdirectory' parameter, each case uses "
                        + "<rootdirectory>/run-<id>/case-<n>; otherwise each case gets a new driver (e.g. inmemory)."})
public final class ConformanceRunner implements Callable<Integer> {

    @Option(names = "--driver", paramLabel = "NAME", description = "registration name of the driver (or give --config)")
    String driver;

    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "a driver parameter; repeatable; overrides --config")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--config", paramLabel = "FILE", description = "a YAML config with a 'storage:' section (as the Go registry's config.yml)")
    Path config;

    @Option(names = "--driver-jar", paramLabel = "PATH", description = "a jar (or a folder of jars) holding outside drivers, found through META-INF/services; repeatable")
    List<Path> driverJars = new ArrayList<>();

    @Option(names = "--profile", paramLabel = "quick|large", defaultValue = "quick", description = "size profile (default: ${DEFAULT-VALUE})")
    String profile;

    @Option(names = "--seed", paramLabel = "N", description = "seed to replay a run (printed by every run)")
    Long seed;

    @Option(names = "--replay", paramLabel = "TOKEN", description = "replay only the shrunk case of a failed property (its failure prints the token)")
    String replay;

    @Option(names = "--exclude", paramLabel = "CASE=REASON", description = "a case the backend under test cannot pass "
            + "(its method name) and why; it is reported EXCLUDED with the reason; repeatable")
    Map<String, String> excludes = new LinkedHashMap<>();

    @Option(names = "--report", paramLabel = "DIR", defaultValue = "conformance-report", description = "folder for the JUnit XML and HTML reports (default: ${DEFAULT-VALUE})")
    Path report;

    private final PrintStream out;

    ConformanceRunner(PrintStream out) {
        this.out = out;
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new ConformanceRunner(out));
        cli.setOut(new java.io.PrintWriter(out, true, Charset.defaultCharset()));
        cli.setErr(new java.io.PrintWriter(err, true, Charset.defaultCharset()));
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            err.println("stowage-conformance: " + e.getMessage());
            return 2;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        String profileName = profile.trim().toLowerCase(Locale.ROOT);
        if (!profileName.equals("quick") && !profileName.equals("large")) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--profile must be quick or large, not '" + profile + "'");
        }
        Set<Exclusion> exclusions = new LinkedHashSet<>();
        excludes.forEach((caseName, reason) -> exclusions.add(new Exclusion(caseName, reason)));
        URLClassLoader driverJarLoader = driverJarLoader();
        try {
            return runSuite(driverJarLoader == null ? ConformanceRunner.class.getClassLoader() : driverJarLoader, profileName,
                    Set.copyOf(exclusions));
        } finally {
            if (driverJarLoader != null) {
                driverJarLoader.close();
            }
        }
    }

    private int runSuite(ClassLoader loader, String profileName, Set<Exclusion> exclusions) throws Exception {
        String name = driver;
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (config != null) {
            StorageConfig resolved = StorageConfigFile.read(config, System.getenv());
            if (name != null && !name.equals(resolved.driverName())) {
                throw new IllegalArgumentException("--driver " + name + " differs from the driver '" + resolved.driverName()
                        + "' of " + config);
            }
            name = resolved.driverName();
            parameters.putAll(resolved.parameters());
        }
        if (name == null) {
            throw new CommandLine.ParameterException(new CommandLine(this), "give --driver NAME or --config FILE");
        }
        parameters.putAll(params);
        StorageDriverFactory factory = StorageDrivers.factory(name, loader);
        String runId = LocalDateTime.now(ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
        CaseDrivers drivers = new CaseDrivers(factory, parameters, runId);
        // a driver that cannot even be made fails here, with its own message, not in every case
        try (var probe = drivers.next()) {
            out.println("driver " + factory.name() + " (" + factory.getClass().getName() + "), capabilities " + probe.capabilities());
        }
        out.println("fresh root: " + drivers.describe());

        System.setProperty("stowage.profile", profileName);
        if (seed != null) {
            System.setProperty("stowage.seed", Long.toString(seed));
        }
        Files.createDirectories(report);
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        ReportListener listener = new ReportListener(out);
        try (LauncherSession session = LauncherFactory.openSession()) {
            new CommandLineSuite.Run(drivers, exclusions).putInto(session);
            LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
            if (replay == null) {
                request.selectors(selectClass(CommandLineSuite.class));
            } else {
                request.selectors(replayedProperty(replay)).configurationParameter(Settings.REPLAY, replay);
            }
            session.getLauncher().execute(request.build(), listener);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        List<CaseResult> results = listener.results();
        long passed = results.stream().filter(r -> r.status() == CaseResult.Status.PASSED).count();
        long failed = results.stream().filter(r -> r.status() == CaseResult.Status.FAILED).count();
        long skipped = results.stream().filter(r -> r.status() == CaseResult.Status.SKIPPED).count();
        long excluded = results.stream().filter(r -> r.status() == CaseResult.Status.EXCLUDED).count();
        String summary = passed + " passed, " + failed + " failed, " + skipped + " skipped"
                + (excluded == 0 ? "" : ", " + excluded + " excluded");
        String properties = "driver=" + factory.name() + "\nprofile=" + profileName + "\nseed=" + Settings.runSeed()
                + (replay == null ? "" : "\nreplay=" + replay)
                + "\nroot=" + drivers.describe() + "\nparameters=" + redact(parameters);
        Path xml = report.resolve("TEST-stowage-conformance.xml");
        Path html = report.resolve("conformance.html");
        Reports.writeJunitXml(xml, "stowage-conformance." + factory.name(), results, properties);
        Reports.writeHtml(html, "Stowage conformance: " + factory.name(), results, properties, summary);
        out.println("reports: " + xml + ", " + html);
        out.println(summary);
        return failed == 0 && !results.isEmpty() ? 0 : 1;
    }

    /** The one property of the suite that printed {@code token}. */
    private static MethodSelector replayedProperty(String token) {
        Class<?> type = CommandLineSuite.class;
        for (; type != null; type = type.getSuperclass()) {
            for (Method method : type.getDeclaredMethods()) {
                if (method.isAnnotationPresent(PropertyTest.class) && Property.isReplayOf(token, method.getName())) {
                    return selectMethod(CommandLineSuite.class, method);
                }
            }
        }
        throw new IllegalArgumentException("--replay " + token + " is not a token of any property of the suite");
    }

    /** A loader over the {@code --driver-jar}s (the caller closes it), or null when none is given. */
    private URLClassLoader driverJarLoader() throws IOException {
        if (driverJars.isEmpty()) {
            return null;
        }
        List<URL> urls = new ArrayList<>();
        for (Path jar : driverJars) {
            if (Files.isDirectory(jar)) {
                try (Stream<Path> files = Files.list(jar)) {
                    for (Path p : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
                        urls.add(url(p));
                    }
                }
            } else if (Files.isRegularFile(jar)) {
                urls.add(url(jar));
            } else {
                throw new IOException("--driver-jar " + jar + " is neither a jar nor a folder of jars");
            }
        }
        return new URLClassLoader("stowage-driver-jars", urls.toArray(URL[]::new), ConformanceRunner.class.getClassLoader());
    }

    private static URL url(Path p) throws MalformedURLException {
        return p.toAbsolutePath().toUri().toURL();
    }

    private static String redact(Map<String, Object> parameters) {
        Map<String, Object> shown = new LinkedHashMap<>();
        parameters.forEach((k, v) -> shown.put(k, k.toLowerCase(Locale.ROOT).matches(".*(secret|key|password|token|credential).*")
                && !k.equalsIgnoreCase("rootdirectory") ? "***" : v));
        return shown.toString();
    }
}
