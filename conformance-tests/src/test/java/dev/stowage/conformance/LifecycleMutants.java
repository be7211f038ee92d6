package dev.stowage.conformance;

import dev.stowage.conformance.Mutants.Broken;
import dev.stowage.conformance.Mutants.ForwardingWriter;
import dev.stowage.conformance.Mutants.Mutant;
import dev.stowage.driver.Capabilities;
import dev.stowage.driver.FileInfo;
import dev.stowage.driver.FileWriter;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.RedirectRequest;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDriverException;
import dev.stowage.driver.StoragePath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The broken drivers that only the lifecycle cases catch (see {@link Mutants}). */
final class LifecycleMutants {

    private LifecycleMutants() {}

    /**
     * A driver that keeps its own copy of every closed, uncommitted session's bytes (as an object
     * store's upload listing would show them): the base of the mutants that bring sessions back.
     */
    abstract static class SessionKeeping extends Broken {
        final Map<String, byte[]> closedSessions = new ConcurrentHashMap<>();

        @Override
        public FileWriter writer(String path, boolean append) throws IOException {
            FileWriter writer = super.writer(path, append);
            byte[] continued = append ? closedSessions.remove(path) : null;
            if (!append) {
                closedSessions.remove(path);
            }
            return recording(path, writer, continued);
        }

        /** Puts a closed session with {@code content} back at {@code path}. */
        void restore(String path, byte[] content) throws IOException {
            try (FileWriter writer = recording(path, super.writer(path, false), null)) {
                writer.write(ByteBuffer.wrap(content));
            }
        }

        FileWriter recording(String path, FileWriter writer, byte[] continued) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            if (continued != null) {
                bytes.writeBytes(continued);
            }
            return new ForwardingWriter(writer) {
                @Override
                public int write(ByteBuffer src) throws IOException {
                    ByteBuffer copy = src.duplicate();
                    int n = super.write(src);
                    byte[] taken = new byte[n];
                    copy.get(taken);
                    bytes.writeBytes(taken);
                    return n;
                }

                @Override
                public void close() throws IOException {
                    if (isOpen()) {
                        closedSessions.put(path, bytes.toByteArray());
                    }
                    super.close();
                }
            };
        }
    }

    static List<Mutant> all() {
        return List.of(
                new Mutant("fresh-writer-only-hides-the-old-session",
                        "writer(path, false) hides the closed session until commit; cancelling it brings the session back",
                        () -> new SessionKeeping() {
                    @Override
                    public FileWriter writer(String path, boolean append) throws IOException {
                        byte[] hidden = append ? null : closedSessions.get(path);
                        FileWriter writer = super.writer(path, append);
                        if (hidden == null) {
                            return writer;
                        }
                        return new ForwardingWriter(writer) {
                            @Override
                            public void cancel() throws IOException {
                                super.cancel();
                                restore(path, hidden);
                            }
                        };
                    }
                }),
                new Mutant("move-renames-directories", "move of a directory renames the whole tree, as a file system's rename does",
                        () -> new Broken() {
                    @Override
                    public void move(String sourcePath, String destPath) throws IOException {
                        if (!stat(sourcePath).isDirectory()) {
                            super.move(sourcePath, destPath);
                            return;
                        }
                        for (FileInfo entry : SuiteSupport.walkAll(this, sourcePath)) {
                            if (!entry.isDirectory()) {
                                super.move(entry.path(), destPath + entry.path().substring(sourcePath.length()));
                            }
                        }
                    }
                }),
                new Mutant("move-onto-itself-deletes", "move copies the file to the destination, then deletes the source: onto itself it is lost",
                        () -> new Broken() {
                    @Override
                    public void move(String sourcePath, String destPath) throws IOException {
                        byte[] content = getContent(sourcePath);
                        putContent(destPath, content);
                        delete(sourcePath);
                    }
                }),
                new Mutant("move-replaces-a-directory", "move onto a directory deletes the directory and puts the file there",
                        () -> new Broken() {
                    @Override
                    public void move(String sourcePath, String destPath) throws IOException {
                        getContent(sourcePath);
                        try {
                            if (stat(destPath).isDirectory()) {
                                delete(destPath);
                            }
                        } catch (PathNotFoundException e) {
                            // nothing at the destination
                        }
                        super.move(sourcePath, destPath);
                    }
                }),
                new Mutant("commit-stamps-the-session-start", "a committed writer's modTime is when its first session began (S3's multipart LastModified)",
                        () -> new Broken() {
                    private final Map<String, Instant> begun = new ConcurrentHashMap<>();
                    private final Map<String, Instant> stamped = new ConcurrentHashMap<>();

                    @Override
                    public FileWriter writer(String path, boolean append) throws IOException {
                        FileWriter writer = super.writer(path, append);
                        if (!append || !begun.containsKey(path)) {
                            begun.put(path, Instant.now());
                        }
                        return new ForwardingWriter(writer) {
                            @Override
                            public void commit() throws IOException {
                                super.commit();
                                Instant start = begun.remove(path);
                                if (start != null) {
                                    stamped.put(path, start);
                                }
                            }
                        };
                    }

                    @Override
                    public void putContent(String path, byte[] content) throws IOException {
                        stamped.remove(path);
                        super.putContent(path, content);
                    }

                    @Override
                    public FileInfo stat(String path) throws IOException {
                        FileInfo info = super.stat(path);
                        Instant start = stamped.get(path);
                        return start == null || info.isDirectory() ? info : FileInfo.file(path, info.size(), start);
                    }
                }),
                new Mutant("directory-stat-time-is-now", "stat of a directory reports the time of the call, walk the epoch",
                        () -> new Broken() {
                    @Override
                    public FileInfo stat(String path) throws IOException {
                        FileInfo info = super.stat(path);
                        return info.isDirectory() ? FileInfo.directory(path, Instant.now()) : info;
                    }
                }),
                new Mutant("delete-leaves-sessions-resumable", "delete of a directory removes the committed files only; closed sessions below stay",
                        () -> new SessionKeeping() {
                    @Override
                    public void delete(String path) throws IOException {
                        Map<String, byte[]> below = new java.util.HashMap<>();
                        closedSessions.forEach((p, content) -> {
                            if (StoragePath.isSameOrBelow(p, path)) {
                                below.put(p, content);
                            }
                        });
                        super.delete(path);
                        for (Map.Entry<String, byte[]> session : below.entrySet()) {
                            restore(session.getKey(), session.getValue());
                        }
                    }
                }),
                new Mutant("redirectUrl-of-missing-throws", "redirectUrl checks the file and throws a plain StorageDriverException when it is missing",
                        () -> new Broken() {
                    @Override
                    public Optional<URI> redirectUrl(String path, RedirectRequest request) throws IOException {
                        try {
                            stat(path);
                        } catch (PathNotFoundException e) {
                            throw new StorageDriverException(null, path, "no such object", e);
                        }
                        return super.redirectUrl(path, request);
                    }
                }),
                new Mutant("writer-accepts-past-the-size-limit", "declares maxFileSize 6 MiB but its writer never checks it",
                        () -> new Broken() {
                    @Override
                    public Capabilities capabilities() {
                        return super.capabilities().withMaxFileSize(LIMIT);
                    }
                }),
                new Mutant("second-close-throws", "close() closes its client every time, and a closed client throws",
                        () -> new Broken() {
                    private boolean closed;

                    @Override
                    public synchronized void close() throws IOException {
                        if (closed) {
                            throw new IOException("client already closed");
                        }
                        closed = true;
                        super.close();
                    }
                }));
    }

    /**
     * The small size limit of the limit's mutant and of the reference driver that proves the limit
     * case: within the case's reach, and above the 5 MiB the Go suite's stream cases write.
     */
    static final long LIMIT = 6L << 20;

    /** The correct reference driver declaring (and keeping) a small {@link #LIMIT}. */
    static StorageDriver limitedReference() {
        return new ReferenceDriver(Capabilities.basic().withAppendToCommitted(true).withMaxFileSize(LIMIT));
    }
}
