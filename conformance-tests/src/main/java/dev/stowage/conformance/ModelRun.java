package dev.stowage.conformance;

import dev.stowage.driver.FileInfo;
import dev.stowage.driver.FileWriter;
import dev.stowage.driver.InvalidOffsetException;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StoragePath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.opentest4j.AssertionFailedError;

/**
 * One run of the stateful test: a driver and the small reference model it is compared with. The
 * model holds the committed files and the paths with uncommitted writer content ("dirty"); since
 * the contract leaves what a dirty path shows undefined, observations skip dirty paths and the
 * directories that only they would make. Every operation is logged as a script line; a mismatch
 * fails with the whole script so far, which the property engine shrinks to a minimal one.
 */
final class ModelRun {

    /** Directories of the path universe; file names never equal directory names, so no file lies below a file. */
    static final List<String> DIRECTORIES = List.of("/", "/a", "/a-b", "/a/a", "/a/b-c");
    static final List<String> FILES;

    static {
        List<String> files = new ArrayList<>();
        for (String dir : DIRECTORIES) {
            for (String name : List.of("x", "x-1", "y.z")) {
                files.add(StoragePath.child(dir, name));
            }
        }
        FILES = List.copyOf(files);
    }

    static final List<String> PATHS;

    static {
        List<String> paths = new ArrayList<>(FILES);
        paths.addAll(DIRECTORIES.subList(1, DIRECTORIES.size()));
        PATHS = List.copyOf(paths);
    }

    private static final class Pending {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FileWriter writer; // null once closed
    }

    final StorageDriver driver;
    private final TreeMap<String, byte[]> committed = new TreeMap<>();
    private final TreeMap<String, Pending> dirty = new TreeMap<>();
    private final List<String> script = new ArrayList<>();

    ModelRun(StorageDriver driver) {
        this.driver = driver;
    }

    List<String> openWriters() {
        return dirty.entrySet().stream().filter(e -> e.getValue().writer != null).map(Map.Entry::getKey).toList();
    }

    List<String> closedWriters() {
        return dirty.entrySet().stream().filter(e -> e.getValue().writer == null).map(Map.Entry::getKey).toList();
    }

    /** Cancels what is still open; called before the hygiene check. */
    void cancelOpenWriters() {
        for (Pending p : dirty.values()) {
            if (p.writer != null) {
                try {
                    p.writer.cancel();
                    p.writer.close();
                } catch (IOException | RuntimeException ignored) {
                    // the run is over; the hygiene check follows
                }
            }
        }
    }

    // ---- operations ---------------------------------------------------------------------------

    void put(String path, byte[] content) throws IOException {
        if (log("driver.putContent(\"" + path + "\", " + bytes(content) + ")", dirty(path))) {
            driver.putContent(path, content);
            committed.put(path, content.clone());
        }
    }

    void get(String path) throws IOException {
        if (log("driver.getContent(\"" + path + "\")", dirty(path))) {
            byte[] expected = committed.get(path);
            if (expected == null) {
                expectNotFound("getContent(\"" + path + "\")", () -> driver.getContent(path));
            } else {
                byte[] got = call("getContent(\"" + path + "\")", () -> driver.getContent(path));
                check(Arrays.equals(expected, got), "getContent(\"" + path + "\") gave " + bytes(got) + ", model has " + bytes(expected));
            }
        }
    }

    void read(String path, int offset) throws IOException {
        if (log("driver.reader(\"" + path + "\", " + offset + ")", dirty(path))) {
            byte[] content = committed.get(path);
            String what = "reader(\"" + path + "\", " + offset + ")";
            if (content == null) {
                expectNotFound(what, () -> driver.reader(path, offset).close());
            } else if (offset > content.length) {
                expect(InvalidOffsetException.class, what + " past the end of " + content.length + " bytes",
                        () -> driver.reader(path, offset).close());
            } else {
                byte[] got = call(what, () -> Data.read(driver, path, offset));
                byte[] expected = Arrays.copyOfRange(content, offset, content.length);
                check(Arrays.equals(expected, got), what + " gave " + bytes(got) + ", model has " + bytes(expected));
            }
        }
    }

    void openWriter(String path) throws IOException {
        if (log("w[\"" + path + "\"] = driver.writer(\"" + path + "\", false)", dirty(path) || committed.containsKey(path))) {
            FileWriter writer = call("writer(\"" + path + "\", false)", () -> driver.writer(path, false));
            Pending pending = new Pending();
            pending.writer = writer;
            dirty.put(path, pending);
            check(writer.size() == 0, "size() of a fresh writer is " + writer.size());
        }
    }

    void appendToNothing(String path) throws IOException {
        if (log("driver.writer(\"" + path + "\", true)  // nothing to continue", dirty(path) || committed.containsKey(path))) {
            expectNotFound("writer(\"" + path + "\", true) with nothing to continue", () -> driver.writer(path, true).close());
        }
    }

    void write(String path, byte[] content) throws IOException {
        Pending p = dirty.get(path);
        if (log("w[\"" + path + "\"].write(" + bytes(content) + ")", p == null || p.writer == null)) {
            FileWriter writer = p.writer;
            ByteBuffer buffer = ByteBuffer.wrap(content);
            call("write", () -> {
                Data.writeWhole(writer, buffer);
                return null;
            });
            p.bytes.writeBytes(content);
            check(writer.size() == p.bytes.size(), "size() after writing is " + writer.size() + ", model has " + p.bytes.size());
        }
    }

    void commit(String path) throws IOException {
        Pending p = dirty.get(path);
        if (log("w[\"" + path + "\"].commit()", p == null || p.writer == null)) {
            FileWriter writer = p.writer;
            call("commit", () -> {
                writer.commit();
                writer.close();
                return null;
            });
            dirty.remove(path);
            committed.put(path, p.bytes.toByteArray());
        }
    }

    void cancel(String path) throws IOException {
        Pending p = dirty.get(path);
        if (log("w[\"" + path + "\"].cancel()", p == null || p.writer == null)) {
            FileWriter writer = p.writer;
            call("cancel", () -> {
                writer.cancel();
                writer.close();
                return null;
            });
            dirty.remove(path);
        }
    }

    void close(String path) throws IOException {
        Pending p = dirty.get(path);
        if (log("w[\"" + path + "\"].close()", p == null || p.writer == null)) {
            FileWriter writer = p.writer;
            call("close", () -> {
                writer.close();
                return null;
            });
            p.writer = null;
        }
    }

    void reopen(String path, boolean append) throws IOException {
        Pending p = dirty.get(path);
        if (log("w[\"" + path + "\"] = driver.writer(\"" + path + "\", " + append + ")  // after close", p == null || p.writer != null)) {
            FileWriter writer = call("writer(\"" + path + "\", " + append + ")", () -> driver.writer(path, append));
            p.writer = writer;
            if (!append) {
                p.bytes.reset();
            }
            check(writer.size() == p.bytes.size(), "size() on writer(\"" + path + "\", " + append + ") is " + writer.size()
                    + ", model has " + p.bytes.size());
        }
    }

    void move(String source, String dest) throws IOException {
        if (log("driver.move(\"" + source + "\", \"" + dest + "\")", dirty(source) || dirty(dest) || source.equals(dest))) {
            byte[] content = committed.get(source);
            if (content == null) {
                expectNotFound("move of missing \"" + source + "\"", () -> driver.move(source, dest));
            } else {
                call("move", () -> {
                    driver.move(source, dest);
                    return null;
                });
                committed.remove(source);
                committed.put(dest, content);
            }
        }
    }

    void delete(String path) throws IOException {
        if (log("driver.delete(\"" + path + "\")", subtreeDirty(path))) {
            List<String> gone = committed.keySet().stream().filter(k -> StoragePath.isSameOrBelow(k, path)).toList();
            if (gone.isEmpty()) {
                expectNotFound("delete(\"" + path + "\") with nothing there", () -> driver.delete(path));
            } else {
                call("delete(\"" + path + "\")", () -> {
                    driver.delete(path);
                    return null;
                });
                gone.forEach(committed::remove);
            }
        }
    }

    void list(String dir) throws IOException {
        if (log("driver.list(\"" + dir + "\")", uncertain(dir))) {
            TreeSet<String> expected = new TreeSet<>();
            for (String file : committed.keySet()) {
                if (StoragePath.isSameOrBelow(file, dir) && !file.equals(dir)) {
                    int from = StoragePath.ROOT.equals(dir) ? 1 : dir.length() + 1;
                    int slash = file.indexOf('/', from);
                    expected.add(slash < 0 ? file : file.substring(0, slash));
                }
            }
            if (expected.isEmpty() && !StoragePath.ROOT.equals(dir)) {
                expectNotFound("list(\"" + dir + "\") of a missing directory", () -> driver.list(dir));
                return;
            }
            List<String> got = call("list(\"" + dir + "\")", () -> driver.list(dir));
            List<String> sorted = new ArrayList<>(got);
            sorted.sort(null);
            check(got.equals(sorted), "list(\"" + dir + "\") is not sorted: " + got);
            List<String> seen = got.stream().filter(e -> !uncertain(e)).toList();
            check(seen.equals(new ArrayList<>(expected)), "list(\"" + dir + "\") gave " + seen + ", model has " + expected);
        }
    }

    void stat(String path) throws IOException {
        if (log("driver.stat(\"" + path + "\")", uncertain(path))) {
            byte[] content = committed.get(path);
            if (content != null) {
                FileInfo info = call("stat", () -> driver.stat(path));
                check(!info.isDirectory() && info.size() == content.length && info.path().equals(path),
                        "stat(\"" + path + "\") gave " + info + ", model has a file of " + content.length + " bytes");
            } else if (isDirectory(path)) {
                FileInfo info = call("stat", () -> driver.stat(path));
                check(info.isDirectory() && info.size() == 0 && info.path().equals(path),
                        "stat(\"" + path + "\") gave " + info + ", model has a directory");
            } else {
                expectNotFound("stat(\"" + path + "\") of a missing path", () -> driver.stat(path));
            }
        }
    }

    void walk(String dir) throws IOException {
        if (log("driver.walk(\"" + dir + "\")", uncertain(dir))) {
            TreeMap<String, String> expected = new TreeMap<>(); // walk key -> entry text
            for (Map.Entry<String, byte[]> file : committed.entrySet()) {
                String p = file.getKey();
                if (StoragePath.isSameOrBelow(p, dir) && !p.equals(dir)) {
                    expected.put(StoragePath.walkKey(p, false), p + " (" + file.getValue().length + " bytes)");
                    for (String parent = StoragePath.parent(p); !parent.equals(dir) && !StoragePath.ROOT.equals(parent);
                            parent = StoragePath.parent(parent)) {
                        expected.put(StoragePath.walkKey(parent, true), parent + "/");
                    }
                }
            }
            if (expected.isEmpty() && !StoragePath.ROOT.equals(dir)) {
                expectNotFound("walk(\"" + dir + "\") of a missing directory", () -> driver.walk(dir, e -> dev.stowage.driver.WalkAction.CONTINUE));
                return;
            }
            List<FileInfo> got = call("walk(\"" + dir + "\")", () -> SuiteSupport.walkAll(driver, dir));
            List<String> seen = got.stream().filter(e -> !uncertain(e.path()))
                    .map(e -> e.isDirectory() ? e.path() + "/" : e.path() + " (" + e.size() + " bytes)").toList();
            check(seen.equals(new ArrayList<>(expected.values())), "walk(\"" + dir + "\") gave " + seen + ", model has " + expected.values());
        }
    }

    // ---- model helpers ------------------------------------------------------------------------

    private boolean dirty(String path) {
        return dirty.containsKey(path);
    }

    private boolean subtreeDirty(String path) {
        return dirty.keySet().stream().anyMatch(k -> StoragePath.isSameOrBelow(k, path));
    }

    private boolean isDirectory(String path) {
        return committed.keySet().stream().anyMatch(k -> StoragePath.isSameOrBelow(k, path) && !k.equals(path));
    }

    /** A path whose observation the contract leaves open: dirty, or a directory made only by dirty paths. */
    private boolean uncertain(String path) {
        if (dirty(path)) {
            return true;
        }
        boolean hasDirtyBelow = dirty.keySet().stream().anyMatch(k -> StoragePath.isSameOrBelow(k, path) && !k.equals(path));
        return hasDirtyBelow && !StoragePath.ROOT.equals(path) && !isDirectory(path);
    }

    // ---- script and checks --------------------------------------------------------------------

    /** Logs a script line; returns whether the step runs (false: not applicable in this state). */
    private boolean log(String line, boolean notApplicable) {
        if (notApplicable) {
            return false;
        }
        script.add(line);
        return true;
    }

    /** How many lines the script has. */
    int steps() {
        return script.size();
    }

    String script() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < script.size(); i++) {
            s.append(String.format("%n  %2d. %s", i + 1, script.get(i)));
        }
        return s.toString();
    }

    private void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionFailedError(message + "\nafter this script (the last line failed):" + script());
        }
    }

    interface Call<T> {
        T call() throws Exception;
    }

    private <T> T call(String what, Call<T> body) {
        try {
            return body.call();
        } catch (Exception e) {
            throw new AssertionFailedError(what + " threw " + e + "\nafter this script (the last line failed):" + script(), e);
        }
    }

    private void expectNotFound(String what, org.junit.jupiter.api.function.Executable body) {
        expect(PathNotFoundException.class, what, body);
    }

    private void expect(Class<? extends Exception> type, String what, org.junit.jupiter.api.function.Executable body) {
        try {
            body.execute();
        } catch (Throwable t) {
            if (type.isInstance(t)) {
                return;
            }
            throw new AssertionFailedError(what + ": expected " + type.getSimpleName() + " but got " + t
                    + "\nafter this script (the last line failed):" + script(), t);
        }
        throw new AssertionFailedError(what + ": expected " + type.getSimpleName() + " but it succeeded"
                + "\nafter this script (the last line failed):" + script());
    }

    static String bytes(byte[] content) {
        if (content == null) {
            return "null";
        }
        if (content.length <= 8) {
            return "bytes(\"" + HexFormat.of().formatHex(content) + "\")";
        }
        return "bytes(" + content.length + ", sha256 " + Data.sha256(content).substring(0, 8) + ")";
    }

    @Override
    public String toString() {
        return "ModelRun" + script();
    }

}
