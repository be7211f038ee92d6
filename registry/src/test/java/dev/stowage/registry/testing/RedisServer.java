package dev.stowage.registry.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} for this test JVM: found on {@code PATH} or in {@code /usr/bin}
 * (installed with {@code apt-get install -y redis-server} when missing), started on first use on a
 * free loopback port without persistence ({@code --save "" --appendonly no}), in the foreground so
 * this JVM keeps the process and a shutdown hook ends it. Its log is
 * {@code target/fixtures/redis-<port>.log}.
 *
 * <p>One server serves every test of the JVM; tests that need an empty database call
 * {@link #flushAll()} or use their own keys.
 */
public final class RedisServer {

    private static RedisServer instance;

    private final Process process;
    private final int port;
    private final Path log;

    private RedisServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The server of this JVM, started on first call. */
    public static synchronized RedisServer shared() {
        if (instance == null || !instance.process.isAlive()) {
            instance = start();
            RedisServer started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "redis-server-stop"));
        }
        return instance;
    }

    /** {@code 127.0.0.1}. */
    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:PORT}, as the Go registry's {@code redis.addr}. */
    public String address() {
        return host() + ":" + port;
    }

    /** The server's log. */
    public Path log() {
        return log;
    }

    /** Empties every database ({@code FLUSHALL}). */
    public void flushAll() {
        try {
            String reply = command("FLUSHALL");
            if (!reply.startsWith("+OK")) {
                throw new IllegalStateException("FLUSHALL on " + address() + " answered " + reply);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("FLUSHALL on " + address() + " failed", e);
        }
    }

    /** Whether the server answers {@code PING}. */
    public boolean answers() {
        try {
            return command("PING").startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends one inline command and returns the first line of the reply. */
    private String command(String inline) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host(), port), 1000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }

    private static RedisServer start() {
        Path binary = NativeTools.findOrInstall("redis-server", "redis-server");
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = NativeTools.freePort();
            Path log = NativeTools.logDirectory().resolve("redis-" + port + ".log");
            try {
                Path dir = Files.createDirectories(NativeTools.logDirectory().resolve("redis-" + port));
                Process process = new ProcessBuilder(List.of(binary.toString(),
                        "--bind", "127.0.0.1", "--port", Integer.toString(port),
                        "--save", "", "--appendonly", "no", "--daemonize", "no",
                        "--dir", dir.toString(), "--loglevel", "warning"))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                process.getOutputStream().close();
                RedisServer server = new RedisServer(process, port, log);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (process.isAlive() && System.nanoTime() < deadline) {
                    if (server.answers()) {
                        return server;
                    }
                    Thread.sleep(50);
                }
                NativeTools.stop(process);
                last = new IllegalStateException(binary + " on 127.0.0.1:" + port + " did not answer PING within 20 s"
                        + (process.isAlive() ? "" : " (exited with " + process.exitValue() + ")") + "; log " + log + ":\n"
                        + NativeTools.tail(log, 2000));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + binary, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting redis-server", e);
            }
        }
        throw last;
    }

    private void stop() {
        NativeTools.stop(process);
    }
}
