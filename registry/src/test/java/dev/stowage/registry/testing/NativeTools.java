package dev.stowage.registry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What the registry's fixtures share: finding a program (or installing its Debian package with
 * {@code apt-get}, as root, saying so on standard output), free loopback ports, the log folder
 * under {@code target/}, running a short command and stopping a long one.
 */
public final class NativeTools {

    private NativeTools() {}

    /** Where fixtures keep their logs and working files: {@code target/fixtures} of the module. */
    public static Path logDirectory() {
        Path dir = Path.of(System.getProperty("user.dir"), "target", "fixtures");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return dir;
    }

    /**
     * The path of {@code program}, found on {@code PATH}, in {@code /usr/bin} or
     * {@code /usr/sbin}, or else after {@code apt-get install -y <debianPackage>} (with one
     * {@code apt-get update} and a second try if the first install fails).
     *
     * @throws IllegalStateException naming the program, the package and the install log when it
     *     can be neither found nor installed
     */
    public static synchronized Path findOrInstall(String program, String debianPackage) {
        Optional<Path> found = find(program);
        if (found.isPresent()) {
            return found.get();
        }
        Path log = logDirectory().resolve("apt-get-" + debianPackage + ".log");
        System.out.println("[fixtures] " + program + " not found on PATH or in /usr/bin: running apt-get install -y "
                + debianPackage + " (log: " + log + ")");
        List<String> failures = new ArrayList<>();
        if (!apt(log, failures, "install", "-y", "--no-install-recommends", debianPackage)) {
            System.out.println("[fixtures] apt-get install failed; running apt-get update and trying again");
            apt(log, failures, "update");
            apt(log, failures, "install", "-y", "--no-install-recommends", debianPackage);
        }
        return find(program).orElseThrow(() -> new IllegalStateException(program + " is not installed and apt-get install -y "
                + debianPackage + " did not provide it (" + String.join("; ", failures) + "); see " + log
                + ". Install the Debian package " + debianPackage + " (as root) and run the tests again."));
    }

    /** {@code program} on {@code PATH} or in the usual system folders, if there. */
    public static Optional<Path> find(String program) {
        Set<Path> candidates = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, program));
                }
            }
        }
        candidates.add(Path.of("/usr/bin", program));
        candidates.add(Path.of("/usr/sbin", program));
        candidates.add(Path.of("/usr/local/bin", program));
        return candidates.stream().filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    private static boolean apt(Path log, List<String> failures, String... arguments) {
        List<String> command = new ArrayList<>(List.of("apt-get", "-o", "DPkg::Lock::Timeout=300", "-q"));
        command.addAll(List.of(arguments));
        System.out.println("[fixtures] " + String.join(" ", command));
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                failures.add(String.join(" ", command) + " timed out");
                return false;
            }
            if (process.exitValue() != 0) {
                failures.add(String.join(" ", command) + " exited with " + process.exitValue());
                return false;
            }
            return true;
        } catch (IOException e) {
            failures.add(String.join(" ", command) + " could not run: " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add("interrupted");
            return false;
        }
    }

    /** A loopback port nothing listens on at the moment of asking. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** The last {@code maxChars} characters of a log, for failure messages. */
    public static String tail(Path log, int maxChars) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() <= maxChars ? text : "…" + text.substring(text.length() - maxChars);
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    /** Ends a process this JVM started: politely, then by force. */
    public static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /**
     * Runs a command to its end and returns its output and errors together (also appended to
     * {@code log}), failing with them if it does not exit 0 within {@code timeoutSeconds}.
     */
    public static String run(List<String> command, java.util.Map<String, String> environment, Path log, long timeoutSeconds)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile(logDirectory(), "run-", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!finished) {
                stop(process);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            Files.writeString(log, "$ " + String.join(" ", command) + "\n" + text + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            if (!finished) {
                throw new IOException(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s: " + text);
            }
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ": " + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
