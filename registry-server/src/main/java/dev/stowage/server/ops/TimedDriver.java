package dev.stowage.server.ops;

import dev.stowage.driver.FileInfo;
import dev.stowage.driver.FileWriter;
import dev.stowage.driver.ForwardingStorageDriver;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.RedirectRequest;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.WalkVisitor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A driver that times every call into another one: timer {@code stowage.storage.calls}, tagged
 * with the driver, the operation and the outcome ({@code success}, {@code not_found},
 * {@code error}). A reader or writer is timed until it is open, not while it streams.
 */
public final class TimedDriver extends ForwardingStorageDriver {

    private final MeterRegistry meters;
    /** The timers by operation and outcome, made once: every storage call records into one. */
    private final java.util.concurrent.ConcurrentMap<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

    public TimedDriver(StorageDriver delegate, MeterRegistry meters) {
        super(delegate);
        this.meters = meters;
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws IOException;
    }

    private <T> T timed(String operation, Call<T> call) throws IOException {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            T result = call.run();
            outcome = "success";
            return result;
        } catch (PathNotFoundException e) {
            outcome = "not_found";
            throw e;
        } finally {
            String result = outcome;
            timers.computeIfAbsent(operation + " " + result, key -> Timer.builder("stowage.storage.calls")
                            .description("calls into the storage driver").tag("driver", delegate().name())
                            .tag("operation", operation).tag("outcome", result).register(meters))
                    .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public byte[] getContent(String path) throws IOException {
        return timed("get_content", () -> delegate().getContent(path));
    }

    @Override
    public void putContent(String path, byte[] content) throws IOException {
        timed("put_content", () -> {
            delegate().putContent(path, content);
            return null;
        });
    }

    @Override
    public InputStream reader(String path, long offset) throws IOException {
        return timed("reader", () -> delegate().reader(path, offset));
    }

    @Override
    public FileWriter writer(String path, boolean append) throws IOException {
        return timed("writer", () -> delegate().writer(path, append));
    }

    @Override
    public FileInfo stat(String path) throws IOException {
        return timed("stat", () -> delegate().stat(path));
    }

    @Override
    public List<String> list(String path) throws IOException {
        return timed("list", () -> delegate().list(path));
    }

    @Override
    public void move(String sourcePath, String destPath) throws IOException {
        timed("move", () -> {
            delegate().move(sourcePath, destPath);
            return null;
        });
    }

    @Override
    public void delete(String path) throws IOException {
        timed("delete", () -> {
            delegate().delete(path);
            return null;
        });
    }

    @Override
    public Optional<URI> redirectUrl(String path, RedirectRequest request) throws IOException {
        return timed("redirect_url", () -> delegate().redirectUrl(path, request));
    }

    @Override
    public void walk(String path, WalkVisitor visitor) throws IOException {
        timed("walk", () -> {
            delegate().walk(path, visitor);
            return null;
        });
    }
}
