package dev.stowage.driver.azure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Azurite blob emulator for this test JVM: started once on a free loopback port, on first
 * use, from the launcher the build installed (its path is in the file named by the system
 * property {@code azurite.launcher.file}), and stopped, its data deleted, when the JVM ends. Public
 * (in the test jar) for other modules' tests on Azure.
 */
public final class Azurite {

    static final String ACCOUNT = "devstoreaccount1";
    /** Azurite's well-known development key (public, documented by Microsoft). */
    static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    static final String CONTAINER = "stowage-tests";

    private static Azurite instance;

    private final Process process;
    private final int port;
    private final Path location;

    private Azurite(Process process, int port, Path location) {
        this.process = process;
        this.port = port;
        this.location = location;
    }

    public static synchronized Azurite get() {
        if (instance == null) {
            try {
                instance = start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Azurite started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "azurite-stop"));
        }
        return instance;
    }

    /** The blob service URL, {@code http://127.0.0.1:PORT/devstoreaccount1}. */
    public String serviceUrl() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    /** Parameters of a shared-key driver on the test container under a fresh random root. */
    public Map<String, Object> parameters() {
        Map<String, Object> p = new HashMap<>();
        p.put("accountname", ACCOUNT);
        p.put("accountkey", KEY);
        p.put("container", CONTAINER);
        p.put("serviceurl", serviceUrl());
        p.put("rootdirectory", "/t-" + UUID.randomUUID());
        p.put("retry_delay", "50ms");
        p.put("max_retry_delay", "1s");
        return p;
    }

    private static Azurite start() throws IOException, InterruptedException {
        String launcherFile = System.getProperty("azurite.launcher.file");
        if (launcherFile == null) {
            throw new IllegalStateException("system property azurite.launcher.file is not set: run the tests through Maven, "
                    + "which installs Azurite (driver-azure/azurite/install.js)");
        }
        String launcher = Files.readString(Path.of(launcherFile)).trim();
        Path base = Path.of(System.getProperty("azurite.location", "target/azurite-data"));
        Path location = base.resolve("run-" + ProcessHandle.current().pid());
        Files.createDirectories(location);
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path log = base.resolve("azurite-" + ProcessHandle.current().pid() + ".log");
        Process process = new ProcessBuilder(List.of(launcher, "--loose", "--skipApiVersionCheck", "--disableTelemetry",
                "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(port), "--location", location.toString(), "--silent"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Azurite azurite = new Azurite(process, port, location);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("azurite-blob exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try {
                http.send(HttpRequest.newBuilder(URI.create(azurite.serviceUrl() + "?comp=list")).build(),
                        HttpResponse.BodyHandlers.discarding());
                return azurite; // any answer (403 without a signature) means it serves
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    azurite.stop();
                    throw new IllegalStateException("azurite-blob did not answer on port " + port + " within 60 s: "
                            + Files.readString(log));
                }
                Thread.sleep(100);
            }
        }
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(location)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: target/ is the build's to clean
        }
    }
}
