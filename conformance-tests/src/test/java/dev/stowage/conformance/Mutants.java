package dev.stowage.conformance;

import dev.stowage.driver.Capabilities;
import dev.stowage.driver.FileInfo;
import dev.stowage.driver.FileWriter;
import dev.stowage.driver.ForwardingStorageDriver;
import dev.stowage.driver.InvalidOffsetException;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.RedirectRequest;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDriverException;
import dev.stowage.driver.StoragePath;
import dev.stowage.driver.WalkAction;
import dev.stowage.driver.WalkVisitor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Deliberately broken drivers: each wraps the correct {@link ReferenceDriver} and is wrong in exactly one realistic way. */
final class Mutants {

    record Mutant(String name, String bug, Supplier<StorageDriver> driver) {
        @Override
        public String toString() {
            return name;
        }
    }

    private Mutants() {}

    /** A driver that forwards to a fresh reference driver; mutants override one thing. */
    abstract static class Broken extends ForwardingStorageDriver {
        Broken() {
            super(new ReferenceDriver());
        }

        Broken(Capabilities capabilities) {
            super(new ReferenceDriver(capabilities));
        }
    }

    /**
     * A driver that keeps one array per file beside the reference driver and serves getContent
     * and reader from it while it is current (any change to the path drops it): the base of the
     * mutants that share arrays with their callers.
     */
    abstract static class Aliasing extends Broken {
        private final Map<String, byte[]> arrays = new ConcurrentHashMap<>();

        void alias(String path, byte[] array) {
            arrays.put(path, array);
        }

        byte[] aliased(String path) {
            return arrays.get(path);
        }

        @Override
        public void putContent(String path, byte[] content) throws IOException {
            arrays.remove(path);
            super.putContent(path, content);
        }

        @Override
        public InputStream reader(String path, long offset) throws IOException {
            byte[] kept = arrays.get(path);
            if (kept == null || offset > kept.length) {
                return super.reader(path, offset);
            }
            return new ByteArrayInputStream(kept, (int) offset, kept.length - (int) offset);
        }

        @Override
        public FileWriter writer(String path, boolean append) throws IOException {
            arrays.remove(path);
            return super.writer(path, append);
        }

        @Override
        public void move(String sourcePath, String destPath) throws IOException {
            arrays.remove(sourcePath);
            arrays.remove(destPath);
            super.move(sourcePath, destPath);
        }

        @Override
        public void delete(String path) throws IOException {
            arrays.keySet().removeIf(p -> StoragePath.isSameOrBelow(p, path));
            super.delete(path);
        }
    }

    /** A writer that forwards; mutants override one thing. */
    static class ForwardingWriter extends dev.stowage.driver.ForwardingFileWriter {
        final FileWriter delegate;

        ForwardingWriter(FileWriter delegate) {
            super(delegate);
            this.delegate = delegate;
        }
    }

    static List<Mutant> all() {
        List<Mutant> m = new ArrayList<>();
        m.add(new Mutant("reader-offset-off-by-one", "reader(path, offset) starts one byte late for offset > 0", () -> new Broken() {
            @Override
            public InputStream reader(String path, long offset) throws IOException {
                InputStream in = super.reader(path, offset);
                if (offset > 0) {
                    in.skip(1);
                }
                return in;
            }
        }));
        m.add(new Mutant("reader-offset-narrowed-to-int", "reader(path, offset) narrows the offset to an int, so 2^32 + n reads from n",
                () -> new Broken() {
            @Override
            public InputStream reader(String path, long offset) throws IOException {
                return super.reader(path, (int) offset);
            }
        }));
        m.add(new Mutant("putContent-keeps-callers-array", "putContent keeps the caller's array, so changing it later changes the file",
                () -> new Aliasing() {
            @Override
            public void putContent(String path, byte[] content) throws IOException {
                super.putContent(path, content);
                alias(path, content);
            }

            @Override
            public byte[] getContent(String path) throws IOException {
                byte[] kept = aliased(path);
                return kept != null ? kept.clone() : super.getContent(path);
            }
        }));
        m.add(new Mutant("getContent-returns-its-own-array", "getContent hands out the array it keeps, so changing it changes later reads",
                () -> new Aliasing() {
            @Override
            public byte[] getContent(String path) throws IOException {
                byte[] kept = aliased(path);
                if (kept == null) {
                    kept = super.getContent(path);
                    alias(path, kept);
                }
                return kept;
            }
        }));
        m.add(new Mutant("reader-ignores-offset", "reader(path, offset) always starts at 0", () -> new Broken() {
            @Override
            public InputStream reader(String path, long offset) throws IOException {
                InputStream in = super.reader(path, offset);
                in.close();
                return super.reader(path, 0);
            }
        }));
        m.add(new Mutant("reader-past-end-empty", "reader past the end gives an empty stream, not InvalidOffsetException", () -> new Broken() {
            @Override
            public InputStream reader(String path, long offset) throws IOException {
                try {
                    return super.reader(path, offset);
                } catch (InvalidOffsetException e) {
                    return new ByteArrayInputStream(new byte[0]);
                }
            }
        }));
        m.add(new Mutant("list-grandchildren", "list returns every descendant, not direct children only", () -> new Broken() {
            @Override
            public List<String> list(String path) throws IOException {
                List<String> direct = super.list(path);
                List<String> all = new ArrayList<>();
                for (String child : direct) {
                    all.add(child);
                    if (super.stat(child).isDirectory()) {
                        all.addAll(list(child));
                    }
                }
                all.sort(null);
                return all;
            }
        }));
        m.add(new Mutant("list-unsorted", "list returns children in reverse order", () -> new Broken() {
            @Override
            public List<String> list(String path) throws IOException {
                List<String> children = new ArrayList<>(super.list(path));
                Collections.reverse(children);
                return children;
            }
        }));
        m.add(new Mutant("list-missing-dir-empty", "list of a missing directory returns an empty list", () -> new Broken() {
            @Override
            public List<String> list(String path) throws IOException {
                try {
                    return super.list(path);
                } catch (PathNotFoundException e) {
                    return List.of();
                }
            }
        }));
        m.add(new Mutant("delete-prefix", "delete(\"/a\") also deletes \"/ab\" (a plain prefix match)", () -> new Broken() {
            @Override
            public void delete(String path) throws IOException {
                super.delete(path);
                String parent = StoragePath.parent(path);
                try {
                    for (String sibling : super.list(parent)) {
                        if (sibling.startsWith(path)) {
                            super.delete(sibling);
                        }
                    }
                } catch (PathNotFoundException empty) {
                    // nothing left beside it
                }
            }
        }));
        m.add(new Mutant("delete-missing-silent", "delete of a missing path succeeds silently", () -> new Broken() {
            @Override
            public void delete(String path) throws IOException {
                try {
                    super.delete(path);
                } catch (PathNotFoundException e) {
                    // swallowed
                }
            }
        }));
        m.add(new Mutant("append-loses-first-session", "writer(path, true) over an uncommitted writer starts afresh", () -> new Broken() {
            @Override
            public FileWriter writer(String path, boolean append) throws IOException {
                if (append) {
                    try {
                        super.stat(path);
                    } catch (PathNotFoundException notCommitted) {
                        return super.writer(path, false);
                    }
                }
                return super.writer(path, append);
            }
        }));
        m.add(new Mutant("append-size-this-session", "size() of a continued writer counts this session only", () -> new Broken() {
            @Override
            public FileWriter writer(String path, boolean append) throws IOException {
                FileWriter w = super.writer(path, append);
                long earlier = w.size();
                return new ForwardingWriter(w) {
                    @Override
                    public long size() {
                        return delegate.size() - earlier;
                    }
                };
            }
        }));
        m.add(new Mutant("non-atomic-putContent", "a large putContent truncates first, then writes: readers can see an empty file", () -> new Broken() {
            @Override
            public void putContent(String path, byte[] content) throws IOException {
                if (content.length < 64 * 1024) {
                    super.putContent(path, content); // small puts happen to be atomic
                    return;
                }
                super.putContent(path, new byte[0]);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.putContent(path, content);
            }
        }));
        m.add(new Mutant("stale-stat-size", "stat reports the size of the first putContent of a path", () -> new Broken() {
            private final Map<String, Long> sizes = new ConcurrentHashMap<>();

            @Override
            public void putContent(String path, byte[] content) throws IOException {
                super.putContent(path, content);
                sizes.putIfAbsent(path, (long) content.length);
            }

            @Override
            public FileInfo stat(String path) throws IOException {
                FileInfo info = super.stat(path);
                Long cached = sizes.get(path);
                return cached == null || info.isDirectory() ? info : FileInfo.file(path, cached, info.modTime());
            }
        }));
        m.add(new Mutant("stale-modtime", "stat reports the modTime of the first putContent of a path", () -> new Broken() {
            private final Map<String, Instant> times = new ConcurrentHashMap<>();

            @Override
            public FileInfo stat(String path) throws IOException {
                FileInfo info = super.stat(path);
                if (info.isDirectory()) {
                    return info;
                }
                Instant first = times.computeIfAbsent(path, p -> info.modTime());
                return FileInfo.file(path, info.size(), first);
            }
        }));
        m.add(new Mutant("walk-misses-deep-branch", "walk never descends below the second level", () -> new Broken() {
            @Override
            public void walk(String path, WalkVisitor visitor) throws IOException {
                super.walk(path, e -> e.path().chars().filter(c -> c == '/').count() > 2 ? WalkAction.CONTINUE : visitor.visit(e));
            }
        }));
        m.add(new Mutant("walk-plain-sort", "walk sorts by plain path, so /a comes before /a-b", () -> new Broken() {
            @Override
            public void walk(String path, WalkVisitor visitor) throws IOException {
                List<FileInfo> all = new ArrayList<>();
                super.walk(path, e -> {
                    all.add(e);
                    return WalkAction.CONTINUE;
                });
                all.sort(Comparator.comparing(FileInfo::path));
                for (FileInfo e : all) {
                    if (visitor.visit(e) == WalkAction.STOP) {
                        return;
                    }
                }
            }
        }));
        m.add(new Mutant("walk-ignores-skip-subtree", "walk treats SKIP_SUBTREE as CONTINUE", () -> new Broken() {
            @Override
            public void walk(String path, WalkVisitor visitor) throws IOException {
                super.walk(path, e -> visitor.visit(e) == WalkAction.STOP ? WalkAction.STOP : WalkAction.CONTINUE);
            }
        }));
        m.add(new Mutant("walk-ignores-stop", "walk treats STOP as CONTINUE", () -> new Broken() {
            @Override
            public void walk(String path, WalkVisitor visitor) throws IOException {
                super.walk(path, e -> visitor.visit(e) == WalkAction.SKIP_SUBTREE ? WalkAction.SKIP_SUBTREE : WalkAction.CONTINUE);
            }
        }));
        m.add(new Mutant("walk-visits-start", "walk visits the start directory itself", () -> new Broken() {
            @Override
            public void walk(String path, WalkVisitor visitor) throws IOException {
                if (!StoragePath.ROOT.equals(path) && visitor.visit(super.stat(path)) == WalkAction.STOP) {
                    return;
                }
                super.walk(path, visitor);
            }
        }));
        m.add(new Mutant("move-leaves-source", "move copies and forgets to delete the source", () -> new Broken() {
            @Override
            public void move(String sourcePath, String destPath) throws IOException {
                super.putContent(destPath, super.getContent(sourcePath));
            }
        }));
        m.add(new Mutant("move-missing-clobbers-dest", "move deletes the destination before finding the source missing", () -> new Broken() {
            @Override
            public void move(String sourcePath, String destPath) throws IOException {
                try {
                    super.delete(destPath);
                } catch (PathNotFoundException none) {
                    // no destination yet
                }
                super.move(sourcePath, destPath);
            }
        }));
        m.add(new Mutant("cancel-commits", "cancel keeps the data: it commits", () -> new Broken() {
            @Override
            public FileWriter writer(String path, boolean append) throws IOException {
                return new ForwardingWriter(super.writer(path, append)) {
                    @Override
                    public void cancel() throws IOException {
                        delegate.commit();
                    }
                };
            }
        }));
        m.add(new Mutant("cancel-keeps-sessions", "cancel only closes, so the content can still be continued", () -> new Broken() {
            @Override
            public FileWriter writer(String path, boolean append) throws IOException {
                return new ForwardingWriter(super.writer(path, append)) {
                    @Override
                    public void cancel() throws IOException {
                        delegate.close();
                    }
                };
            }
        }));
        m.add(new Mutant("commit-drops-tail", "the writer buffers 8 KiB blocks and commit forgets the partial last block", () -> new Broken() {
            @Override
            public FileWriter writer(String path, boolean append) throws IOException {
                return new ForwardingWriter(super.writer(path, append)) {
                    private final java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();

                    @Override
                    public int write(ByteBuffer src) throws IOException {
                        int n = src.remaining();
                        byte[] bytes = new byte[n];
                        src.get(bytes);
                        buffer.writeBytes(bytes);
                        while (buffer.size() >= 8192) {
                            byte[] all = buffer.toByteArray();
                            delegate.write(ByteBuffer.wrap(all, 0, 8192));
                            buffer.reset();
                            buffer.write(all, 8192, all.length - 8192);
                        }
                        return n;
                    }

                    @Override
                    public long size() {
                        return delegate.size() + buffer.size();
                    }

                    @Override
                    public void close() throws IOException {
                        delegate.write(ByteBuffer.wrap(buffer.toByteArray()));
                        buffer.reset();
                        delegate.close();
                    }
                };
            }
        }));
        m.add(new Mutant("wrong-exception-type", "getContent of a missing path throws a plain StorageDriverException", () -> new Broken() {
            @Override
            public byte[] getContent(String path) throws IOException {
                try {
                    return super.getContent(path);
                } catch (PathNotFoundException e) {
                    throw new StorageDriverException(null, path, "no such key");
                }
            }
        }));
        m.add(new Mutant("stat-directory-missing", "stat of a directory is PathNotFound", () -> new Broken() {
            @Override
            public FileInfo stat(String path) throws IOException {
                FileInfo info = super.stat(path);
                if (info.isDirectory()) {
                    throw new PathNotFoundException(path);
                }
                return info;
            }
        }));
        m.add(new Mutant("stat-directory-as-file", "stat of a directory says it is an empty file", () -> new Broken() {
            @Override
            public FileInfo stat(String path) throws IOException {
                FileInfo info = super.stat(path);
                return info.isDirectory() ? FileInfo.file(path, 0, info.modTime()) : info;
            }
        }));
        m.add(new Mutant("getContent-of-directory-empty", "getContent of a directory returns no bytes", () -> new Broken() {
            @Override
            public byte[] getContent(String path) throws IOException {
                try {
                    return super.getContent(path);
                } catch (PathNotFoundException e) {
                    if (super.stat(path).isDirectory()) {
                        return new byte[0];
                    }
                    throw e;
                }
            }
        }));
        m.add(new Mutant("list-of-file-itself", "list of a file returns the file", () -> new Broken() {
            @Override
            public List<String> list(String path) throws IOException {
                try {
                    return super.list(path);
                } catch (PathNotFoundException e) {
                    super.stat(path);
                    return List.of(path);
                }
            }
        }));
        m.add(new Mutant("getContent-truncates", "getContent returns at most 1 MiB - 1 bytes", () -> new Broken() {
            @Override
            public byte[] getContent(String path) throws IOException {
                byte[] all = super.getContent(path);
                return all.length < (1 << 20) ? all : java.util.Arrays.copyOf(all, (1 << 20) - 1);
            }
        }));
        m.add(new Mutant("empty-commit-not-appendable", "writer(path, true) on a committed empty file is PathNotFound", () -> new Broken() {
            @Override
            public FileWriter writer(String path, boolean append) throws IOException {
                if (append) {
                    try {
                        if (super.stat(path).size() == 0) {
                            throw new PathNotFoundException(path);
                        }
                    } catch (PathNotFoundException notCommitted) {
                        if (super.list(StoragePath.parent(path)).contains(path)) {
                            throw notCommitted;
                        }
                    }
                }
                return super.writer(path, append);
            }
        }));
        m.add(new Mutant("append-undeclared", "appends to committed content while capabilities say it does not",
                () -> new Broken(Capabilities.basic().withAppendToCommitted(true)) {
                    @Override
                    public Capabilities capabilities() {
                        return super.capabilities().withAppendToCommitted(false);
                    }
                }));
        m.add(new Mutant("append-declared-but-refused", "capabilities claim appending to committed content, the driver refuses",
                () -> new Broken(Capabilities.basic().withAppendToCommitted(false)) {
                    @Override
                    public Capabilities capabilities() {
                        return super.capabilities().withAppendToCommitted(true);
                    }
                }));
        m.add(new Mutant("redirect-declared-no-url", "capabilities say redirect, redirectUrl gives nothing", () -> new Broken() {
            @Override
            public Capabilities capabilities() {
                return super.capabilities().withRedirect(true);
            }
        }));
        m.add(new Mutant("redirect-undeclared-url", "redirectUrl gives a URL while capabilities say no redirect", () -> new Broken() {
            @Override
            public Optional<URI> redirectUrl(String path, RedirectRequest request) {
                return Optional.of(URI.create("http://127.0.0.1:9/" + path));
            }
        }));
        m.add(new Mutant("list-pages-by-offset", "list reads two children at a time by offset into a fresh listing, "
                + "so a concurrent delete shifts a child that existed throughout past the page boundary", () -> new Broken() {
            @Override
            public List<String> list(String path) throws IOException {
                List<String> children = new ArrayList<>();
                for (int from = 0; ; from += 2) {
                    List<String> page = super.list(path);
                    if (from >= page.size()) {
                        return children;
                    }
                    children.addAll(page.subList(from, Math.min(from + 2, page.size())));
                    Thread.yield();
                }
            }
        }));
        m.add(new Mutant("walk-shared-buffer", "walk gathers entries in one buffer shared by all calls, unsynchronized, "
                + "so concurrent walks mix their entries", () -> new Broken() {
            private final List<FileInfo> buffer = new ArrayList<>();

            @Override
            public void walk(String path, WalkVisitor visitor) throws IOException {
                buffer.clear();
                super.walk(path, e -> {
                    buffer.add(e);
                    Thread.yield();
                    return WalkAction.CONTINUE;
                });
                String skipping = null;
                for (FileInfo entry : new ArrayList<>(buffer)) {
                    if (skipping != null && StoragePath.isSameOrBelow(entry.path(), skipping)) {
                        continue;
                    }
                    skipping = null;
                    WalkAction action = visitor.visit(entry);
                    if (action == WalkAction.STOP) {
                        return;
                    }
                    if (action == WalkAction.SKIP_SUBTREE && entry.isDirectory()) {
                        skipping = entry.path();
                    }
                }
            }
        }));
        m.add(new Mutant("ghost-directories", "list keeps showing directories after everything below them was deleted", () -> new Broken() {
            private final Set<String> seen = ConcurrentHashMap.newKeySet();

            @Override
            public void putContent(String path, byte[] content) throws IOException {
                super.putContent(path, content);
                for (String p = StoragePath.parent(path); !StoragePath.ROOT.equals(p); p = StoragePath.parent(p)) {
                    seen.add(p);
                }
            }

            @Override
            public List<String> list(String path) throws IOException {
                TreeSet<String> children = new TreeSet<>();
                try {
                    children.addAll(super.list(path));
                } catch (PathNotFoundException e) {
                    if (!seen.contains(path)) {
                        throw e;
                    }
                }
                for (String dir : seen) {
                    if (StoragePath.parent(dir).equals(path)) {
                        children.add(dir);
                    }
                }
                return new ArrayList<>(children);
            }
        }));
        m.addAll(StreamMutants.all());
        m.addAll(TreeMutants.all());
        m.addAll(LifecycleMutants.all());
        m.addAll(RaceMutants.all());
        return m;
    }
}
