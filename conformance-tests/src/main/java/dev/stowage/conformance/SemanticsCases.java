package dev.stowage.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.stowage.driver.FileInfo;
import dev.stowage.driver.FileReader;
import dev.stowage.driver.FileWriter;
import dev.stowage.driver.ForwardingStorageDriver;
import dev.stowage.driver.InvalidOffsetException;
import dev.stowage.driver.InvalidPathException;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.RedirectRequest;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.UnsupportedMethodException;
import dev.stowage.driver.WalkAction;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every rule of the storage-driver contract ({@code docs/storage-driver-contract.md}) beyond the Go suite's cases. */
abstract class SemanticsCases extends GoSuiteCases {

    /** The walk-order example of the contract plus a deeper tree: '-' and '.' sort before '/'. */
    static final List<String> WALK_FILES = List.of("/a-b/y", "/a/x", "/a.txt", "/a/b/c", "/a/b-c", "/b", "/a/b/d/e");

    static final List<String> WALK_ORDER = List.of(
            "/a-b", "/a-b/y", "/a.txt", "/a", "/a/b-c", "/a/b", "/a/b/c", "/a/b/d", "/a/b/d/e", "/a/x", "/b");

    private void putWalkTree() throws IOException {
        for (String path : WALK_FILES) {
            driver.putContent(path, path.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    @DisplayName("walk visits every file and directory once in flat key-listing order")
    void walkOrderIsFlatKeyListingOrder() throws Exception {
        putWalkTree();
        List<FileInfo> seen = walkAll(driver, "/");
        assertEquals(WALK_ORDER, seen.stream().map(FileInfo::path).toList(), "walk(\"/\") order");
        for (FileInfo entry : seen) {
            boolean isFile = WALK_FILES.contains(entry.path());
            assertEquals(!isFile, entry.isDirectory(), "isDirectory of walked " + entry.path());
            if (isFile) {
                assertEquals(entry.path().length(), entry.size(), "size of walked file " + entry.path());
            }
        }
        assertEquals(List.of("/a/b-c", "/a/b", "/a/b/c", "/a/b/d", "/a/b/d/e", "/a/x"),
                walkAll(driver, "/a").stream().map(FileInfo::path).toList(), "walk(\"/a\") visits below /a only, not /a itself");
    }

    @Test
    @DisplayName("walk: SKIP_SUBTREE on a directory skips its descendants, on a file it continues")
    void walkSkipSubtree() throws Exception {
        putWalkTree();
        List<String> seen = new ArrayList<>();
        driver.walk("/", e -> {
            seen.add(e.path());
            return e.path().equals("/a/b") || e.path().equals("/a-b/y") ? WalkAction.SKIP_SUBTREE : WalkAction.CONTINUE;
        });
        assertEquals(List.of("/a-b", "/a-b/y", "/a.txt", "/a", "/a/b-c", "/a/b", "/a/x", "/b"), seen,
                "walk with SKIP_SUBTREE on /a/b (a directory) and /a-b/y (a file)");
    }

    @Test
    @DisplayName("walk: STOP ends the walk")
    void walkStop() throws Exception {
        putWalkTree();
        List<String> seen = new ArrayList<>();
        driver.walk("/", e -> {
            seen.add(e.path());
            return e.path().equals("/a/b") ? WalkAction.STOP : WalkAction.CONTINUE;
        });
        assertEquals(WALK_ORDER.subList(0, WALK_ORDER.indexOf("/a/b") + 1), seen, "walk stopped at /a/b");
    }

    @Test
    @DisplayName("walk of a missing path or a file is PathNotFound; walk and list of an empty root find nothing")
    void walkMissingFileAndEmptyRoot() throws Exception {
        assertEquals(List.of(), walkAll(driver, "/"), "walk(\"/\") of an empty store");
        assertEquals(List.of(), driver.list("/"), "list(\"/\") of an empty store");
        String file = "/" + segment();
        driver.putContent(file, new byte[] {1});
        expectThrows(PathNotFoundException.class, "walk of a missing path", () -> driver.walk("/" + segment(), e -> WalkAction.CONTINUE));
        expectThrows(PathNotFoundException.class, "walk of a file", () -> driver.walk(file, e -> WalkAction.CONTINUE));
    }

    @Test
    @DisplayName("list is sorted and gives files and directories, direct children only")
    void listSorted() throws Exception {
        String dir = "/" + segment();
        List<String> names = List.of("B", "a", "a-b", "a.b", "a_b", "0", "9z", "z", "Z.x");
        List<String> expected = new ArrayList<>();
        for (String name : names) {
            driver.putContent(dir + "/" + name, new byte[] {2});
            expected.add(dir + "/" + name);
        }
        driver.putContent(dir + "/m/inner", new byte[] {3});
        driver.putContent(dir + "/m/deeper/file", new byte[] {3});
        expected.add(dir + "/m");
        expected.sort(null);
        assertEquals(expected, driver.list(dir), "list(" + dir + ")");
        assertEquals(List.of(dir + "/m/deeper", dir + "/m/inner"), driver.list(dir + "/m"), "list(" + dir + "/m)");
    }

    @Test
    @DisplayName("putContent keeps no reference to the caller's array: changing it afterwards changes nothing stored")
    void putContentDoesNotKeepTheCallersArray() throws Exception {
        byte[] original = Data.random(random, 64);
        byte[] callers = original.clone();
        String path = putThenScribbleOn(callers, callers);
        assertStillHolds(path, original, "after the caller changed the array it put");
    }

    @Test
    @DisplayName("getContent returns an array the caller owns: changing it changes neither the file nor later reads")
    void getContentReturnsAnArrayTheCallerOwns() throws Exception {
        byte[] original = Data.random(random, 64);
        String path = putThenScribbleOn(original.clone(), null);
        assertStillHolds(path, original, "after the caller changed the array getContent gave it");
    }

    /** Puts {@code content} at a new path, then overwrites {@code scribbled} (or, if null, the array getContent returns). */
    private String putThenScribbleOn(byte[] content, byte[] scribbled) throws IOException {
        String path = "/" + segment() + "/" + segment();
        driver.putContent(path, content);
        Arrays.fill(scribbled != null ? scribbled : driver.getContent(path), (byte) 0x5a);
        return path;
    }

    private void assertStillHolds(String path, byte[] original, String when) throws IOException {
        assertArrayEquals(original, driver.getContent(path), "getContent " + when);
        assertArrayEquals(original, Data.read(driver, path, 0), "reader " + when);
    }

    @Test
    @DisplayName("reader at offsets near and past 2^31 and 2^32 of a small file is InvalidOffset, never a wrapped-around read")
    void readerAtHugeOffsetsIsInvalid() throws Exception {
        String path = "/" + segment() + "/" + segment();
        byte[] content = Data.random(random, 96);
        driver.putContent(path, content);
        long[] offsets = {Integer.MAX_VALUE, 1L << 31, (1L << 31) + 1, (1L << 32) - 1, 1L << 32, (1L << 32) + 32,
            (1L << 32) + 97, (1L << 33) + 1, Long.MAX_VALUE};
        for (long offset : offsets) {
            InvalidOffsetException e = expectThrows(InvalidOffsetException.class,
                    "reader at " + offset + " of a 96-byte file", () -> driver.reader(path, offset).close());
            assertEquals(offset, e.offset(), "InvalidOffsetException.offset()");
        }
        assertArrayEquals(content, Data.read(driver, path, 0), "the file is unchanged");
    }

    @Test
    @DisplayName("getContent or reader of a directory, and list of a file, are PathNotFound")
    void directoryIsNotAFileAndFileIsNotADirectory() throws Exception {
        String dir = "/" + segment();
        String file = dir + "/" + segment();
        driver.putContent(file, new byte[] {1, 2, 3});
        expectThrows(PathNotFoundException.class, "getContent of a directory", () -> driver.getContent(dir));
        expectThrows(PathNotFoundException.class, "reader of a directory", () -> driver.reader(dir, 0).close());
        expectThrows(PathNotFoundException.class, "list of a file", () -> driver.list(file));
    }

    @Test
    @DisplayName("cancel discards what was written: nothing at the path, nothing to append to")
    void cancelDiscards() throws Exception {
        String path = "/" + segment() + "/" + segment();
        FileWriter writer = driver.writer(path, false);
        Data.write(writer, Data.random(random, 1000), 100);
        writer.cancel();
        writer.close();
        assertMissing(driver, path);
        expectThrows(PathNotFoundException.class, "writer(path, true) after cancel", () -> driver.writer(path, true).close());
    }

    @Test
    @DisplayName("cancel after a reopen discards the earlier sessions too")
    void cancelAfterReopen() throws Exception {
        String path = "/" + segment() + "/" + segment();
        FileWriter writer = driver.writer(path, false);
        Data.write(writer, Data.random(random, 1000), 100);
        writer.close();
        writer = driver.writer(path, true);
        assertEquals(1000, writer.size(), "size() on reopening");
        Data.write(writer, Data.random(random, 500), 100);
        writer.cancel();
        writer.close();
        assertMissing(driver, path);
        expectThrows(PathNotFoundException.class, "writer(path, true) after a cancel that followed a reopen",
                () -> driver.writer(path, true).close());
    }

    @Test
    @DisplayName("writer(path, false) starts afresh, discarding earlier uncommitted content")
    void writerStartsAfresh() throws Exception {
        String path = "/" + segment();
        FileWriter writer = driver.writer(path, false);
        Data.write(writer, Data.random(random, 777), 100);
        writer.close();
        byte[] fresh = Data.random(random, 123);
        try (FileWriter again = driver.writer(path, false)) {
            assertEquals(0, again.size(), "size() of writer(path, false) over uncommitted content");
            Data.write(again, fresh, 50);
            again.commit();
        }
        assertContent(driver, path, fresh);
    }

    @Test
    @DisplayName("writer(path, true) with nothing to continue is PathNotFound")
    void appendWithNothingToContinue() {
        String path = "/" + segment();
        expectThrows(PathNotFoundException.class, "writer(missing, true)", () -> driver.writer(path, true).close());
    }

    @Test
    @DisplayName("writes after commit, cancel or close throw IOException")
    void writesAfterEndThrow() throws Exception {
        for (String ending : List.of("commit", "cancel", "close")) {
            String path = "/" + segment();
            FileWriter writer = driver.writer(path, false);
            Data.write(writer, new byte[] {1, 2, 3}, 3);
            switch (ending) {
                case "commit" -> writer.commit();
                case "cancel" -> writer.cancel();
                default -> writer.close();
            }
            expectThrows(IOException.class, "write after " + ending, () -> writer.write(ByteBuffer.wrap(new byte[] {4})));
            expectThrows(IOException.class, "commit after " + ending, writer::commit);
            writer.close();
            if (ending.equals("commit")) {
                assertContent(driver, path, new byte[] {1, 2, 3});
            }
        }
    }

    @Test
    @DisplayName("capabilities: appending to non-empty committed content works or throws UnsupportedMethodException, as declared")
    void appendToCommittedAsDeclared() throws Exception {
        String path = "/" + segment();
        byte[] first = Data.random(random, 300);
        byte[] more = Data.random(random, 200);
        driver.putContent(path, first);
        if (driver.capabilities().appendToCommitted()) {
            try (FileWriter writer = driver.writer(path, true)) {
                assertEquals(first.length, writer.size(), "size() appending to committed content");
                Data.write(writer, more, 64);
                writer.commit();
            }
            assertContent(driver, path, Data.concat(first, more));
        } else {
            expectThrows(UnsupportedMethodException.class,
                    "capabilities().appendToCommitted() is false, so writer(path, true) on committed content",
                    () -> {
                        FileWriter writer = driver.writer(path, true);
                        try {
                            writer.write(ByteBuffer.wrap(more));
                            writer.commit();
                        } finally {
                            writer.close();
                        }
                    });
            assertContent(driver, path, first);
        }
    }

    @Test
    @DisplayName("capabilities: with exclusive writers, a second writer(path, true) while one is open is refused, as declared")
    void exclusiveWritersAsDeclared() throws Exception {
        String path = "/" + segment();
        byte[] first = Data.random(random, 300);
        try (FileWriter writer = driver.writer(path, false)) {
            Data.write(writer, first, 64);
            writer.close();
        }
        FileWriter holder = driver.writer(path, true);
        try {
            if (driver.capabilities().exclusiveWriters()) {
                expectThrows(IOException.class,
                        "capabilities().exclusiveWriters() is true, so writer(path, true) while another writer is open",
                        () -> driver.writer(path, true).close());
            }
            Data.write(holder, new byte[] {7}, 1);
            holder.commit();
        } finally {
            holder.close();
        }
        assertContent(driver, path, Data.concat(first, new byte[] {7}));
        driver.delete(path);
    }

    @Test
    @DisplayName("capabilities: with atomic commits, a writer's bytes show at its path only once it commits, as declared")
    void atomicCommitAsDeclared() throws Exception {
        String dir = "/" + segment();
        String path = dir + "/file";
        String sibling = dir + "/sibling";
        driver.putContent(sibling, new byte[] {1});
        boolean atomic = driver.capabilities().atomicCommit();
        // more than a part, so that a part-wise backend has sent some before the commit
        long part = driver.capabilities().minPartSize();
        byte[] fresh = Data.random(random, (int) Math.min(Math.max(part + 1000, 100_000), 64L << 20));
        byte[] more = Data.random(random, 300);

        driver.writer(path, false).close();
        if (atomic) {
            assertHidden(dir, path, sibling, "after a writer closed having written nothing");
        }
        FileWriter first = driver.writer(path, false);
        try {
            Data.write(first, fresh, 64 << 10);
            if (atomic) {
                assertHidden(dir, path, sibling, "while its first writer is open");
            }
        } finally {
            first.close();
        }
        if (atomic) {
            assertHidden(dir, path, sibling, "after its first writer closed without a commit");
        }
        continueAndCancel(path, more);
        if (atomic) {
            assertHidden(dir, path, sibling, "after its writer was cancelled");
        }

        byte[] earlier = Data.random(random, 500);
        driver.putContent(path, earlier);
        driver.writer(path, false).close();
        if (atomic) {
            assertContent(driver, path, earlier);
        }
        FileWriter replacing = driver.writer(path, false);
        try {
            Data.write(replacing, fresh, 64 << 10);
            if (atomic) {
                assertEquals(earlier.length, driver.stat(path).size(),
                        "capabilities().atomicCommit() is true, so stat of a committed file being rewritten shows its earlier size");
                assertContent(driver, path, earlier);
            }
            replacing.close();
            if (atomic) {
                assertContent(driver, path, earlier);
            }
        } finally {
            replacing.close();
        }
        continueAndCancel(path, more);
        if (atomic) {
            assertEquals(earlier.length, driver.stat(path).size(),
                    "capabilities().atomicCommit() is true, so stat of a committed file after its rewrite was cancelled shows its earlier size");
            assertContent(driver, path, earlier);
        }
        FileWriter finishing = driver.writer(path, false);
        try {
            Data.write(finishing, fresh, 64 << 10);
            Data.write(finishing, more, 100);
            if (atomic) {
                assertContent(driver, path, earlier);
            }
            finishing.commit();
        } finally {
            finishing.close();
        }
        assertContent(driver, path, Data.concat(fresh, more));
        driver.delete(dir);
    }

    @Test
    @DisplayName("writers: a session tag, where the driver gives one, names exactly the bytes the session keeps")
    void sessionTagsNameTheKeptBytes() throws Exception {
        String dir = "/" + segment();
        String path = dir + "/file";
        long part = driver.capabilities().minPartSize();
        // more than a part, so that a part-wise backend has sent some before the close
        byte[] start = Data.random(random, (int) Math.min(Math.max(part + 1000, 100_000), 64L << 20));
        byte[] ours = Data.random(random, 300);
        byte[] theirs = Data.random(random, 300);
        FileWriter first = driver.writer(path, false);
        Data.write(first, start, 64 << 10);
        assertEquals(Optional.empty(), first.sessionTag(), "sessionTag() of an open writer that has written bytes");
        first.close();
        Optional<String> kept = first.sessionTag();
        FileWriter continued = driver.writer(path, true);
        if (kept.isEmpty()) {
            assertEquals(Optional.empty(), continued.sessionTag(),
                    "sessionTag() of a continued writer, when closed writers of this driver gave none");
            continued.cancel(); // nothing committed: nothing to delete
            return;
        }
        assertEquals(kept, continued.sessionTag(), "sessionTag() of a writer continuing a closed session, before it writes");
        Data.write(continued, ours, 100);
        assertEquals(Optional.empty(), continued.sessionTag(), "sessionTag() once the continued writer has written");
        continued.close();
        Optional<String> ourTag = continued.sessionTag();
        assertTrue(ourTag.isPresent() && !ourTag.equals(kept), "a close that kept more bytes gives another tag");
        // two writers continue that session at once where the driver lets them: a third finds the
        // tag of the one whose bytes it holds, or a tag of neither
        byte[] before = Data.concat(start, ours);
        if (driver.capabilities().exclusiveWriters()) {
            FileWriter last = driver.writer(path, true);
            last.commit();
            assertEquals(Optional.empty(), last.sessionTag(), "sessionTag() of a committed writer");
            assertContent(driver, path, before);
            driver.delete(dir);
            return;
        }
        FileWriter one = driver.writer(path, true);
        FileWriter two = driver.writer(path, true);
        Data.write(one, theirs, 100);
        Data.write(two, ours, 100);
        one.close();
        two.close();
        FileWriter last = driver.writer(path, true);
        Optional<String> found = last.sessionTag();
        last.commit();
        assertEquals(Optional.empty(), last.sessionTag(), "sessionTag() of a committed writer");
        if (found.equals(one.sessionTag())) {
            assertContent(driver, path, Data.concat(before, theirs));
        } else if (found.equals(two.sessionTag())) {
            assertContent(driver, path, Data.concat(before, ours));
        }
        driver.delete(dir);
    }

    /** Continues the closed writer session of {@code path}, writes {@code bytes} and cancels it. */
    private void continueAndCancel(String path, byte[] bytes) throws IOException {
        FileWriter writer = driver.writer(path, true);
        try {
            Data.write(writer, bytes, 100);
            writer.cancel();
        } finally {
            writer.close();
        }
    }

    /** Asserts that nothing shows at {@code path}, whose only sibling is {@code sibling}. */
    private void assertHidden(String dir, String path, String sibling, String when) throws IOException {
        String declared = "capabilities().atomicCommit() is true, so " + path + " shows nothing " + when + ": ";
        expectThrows(PathNotFoundException.class, declared + "stat", () -> driver.stat(path));
        expectThrows(PathNotFoundException.class, declared + "getContent", () -> driver.getContent(path));
        assertEquals(List.of(sibling), driver.list(dir), declared + "list of " + dir);
        List<String> walked = new ArrayList<>();
        driver.walk(dir, info -> {
            walked.add(info.path());
            return WalkAction.CONTINUE;
        });
        assertEquals(List.of(sibling), walked, declared + "walk of " + dir);
    }

    @Test
    @DisplayName("FileReader reads, seeks and ends at the given size without calling stat")
    void fileReaderWithoutStat() throws Exception {
        String path = "/" + segment();
        byte[] content = Data.random(random, 100_000);
        driver.putContent(path, content);
        AtomicInteger stats = new AtomicInteger();
        StorageDriver counting = new ForwardingStorageDriver(driver) {
            @Override
            public FileInfo stat(String p) throws IOException {
                stats.incrementAndGet();
                return super.stat(p);
            }
        };
        try (FileReader reader = new FileReader(counting, path, content.length)) {
            InputStream in = reader.asInputStream();
            byte[] head = in.readNBytes(1000);
            assertArrayEquals(Arrays.copyOfRange(content, 0, 1000), head, "FileReader head");
            reader.position(50_000);
            ByteBuffer buffer = ByteBuffer.allocate(content.length);
            while (reader.read(buffer) >= 0) {
                // drain
            }
            buffer.flip();
            byte[] tail = new byte[buffer.remaining()];
            buffer.get(tail);
            assertArrayEquals(Arrays.copyOfRange(content, 50_000, content.length), tail, "FileReader after a seek to 50000");
        }
        assertEquals(0, stats.get(), "FileReader must never call stat");
    }

    @Test
    @DisplayName("an invalid path is refused by every method with InvalidPathException")
    void invalidPathOnEveryMethod() throws Exception {
        String valid = "/" + segment();
        driver.putContent(valid, new byte[] {1});
        for (String bad : List.of("", "a", "/a/", "//a", "/a b", "/a/./b", "/a/../b", "/a*", "/ä")) {
            assertInvalidEverywhere(driver, bad, valid);
        }
        // the root only for list and walk
        for (Call call : calls(driver, "/", valid)) {
            if (!call.name().startsWith("list") && !call.name().startsWith("walk")) {
                expectThrows(InvalidPathException.class, call.name() + " of the root \"/\"", call.body());
            }
        }
        assertContent(driver, valid, new byte[] {1});
    }

    record Call(String name, org.junit.jupiter.api.function.Executable body) {}

    static List<Call> calls(StorageDriver d, String bad, String valid) {
        return List.of(
                new Call("getContent(\"" + bad + "\")", () -> d.getContent(bad)),
                new Call("putContent(\"" + bad + "\")", () -> d.putContent(bad, new byte[] {1})),
                new Call("reader(\"" + bad + "\", 0)", () -> d.reader(bad, 0).close()),
                new Call("writer(\"" + bad + "\", false)", () -> d.writer(bad, false).close()),
                new Call("writer(\"" + bad + "\", true)", () -> d.writer(bad, true).close()),
                new Call("stat(\"" + bad + "\")", () -> d.stat(bad)),
                new Call("list(\"" + bad + "\")", () -> d.list(bad)),
                new Call("move(\"" + bad + "\", valid)", () -> d.move(bad, valid + "-moved")),
                new Call("move(valid, \"" + bad + "\")", () -> d.move(valid, bad)),
                new Call("delete(\"" + bad + "\")", () -> d.delete(bad)),
                new Call("redirectUrl(\"" + bad + "\")", () -> d.redirectUrl(bad, RedirectRequest.get(Duration.ofMinutes(1)))),
                new Call("walk(\"" + bad + "\")", () -> d.walk(bad, e -> WalkAction.CONTINUE)));
    }

    static void assertInvalidEverywhere(StorageDriver d, String bad, String valid) {
        for (Call call : calls(d, bad, valid)) {
            boolean rootAllowed = bad.equals("/") && (call.name().startsWith("list") || call.name().startsWith("walk"));
            if (!rootAllowed) {
                expectThrows(InvalidPathException.class, call.name(), call.body());
            }
        }
    }

    @Test
    @DisplayName("putContent is atomic under concurrent readers: old or new, never a mix")
    void putContentAtomicUnderConcurrentReaders() throws Exception {
        String path = "/" + segment();
        byte[] a = new byte[256 * 1024];
        byte[] b = new byte[192 * 1024 + 5];
        Arrays.fill(a, (byte) 'a');
        Arrays.fill(b, (byte) 'b');
        driver.putContent(path, a);
        AtomicBoolean done = new AtomicBoolean();
        int rounds = 40;
        List<Callable<Void>> tasks = new ArrayList<>();
        tasks.add(() -> {
            try {
                for (int i = 0; i < rounds; i++) {
                    driver.putContent(path, i % 2 == 0 ? b : a);
                }
            } finally {
                done.set(true);
            }
            return null;
        });
        for (int r = 0; r < 3; r++) {
            boolean streamed = r == 0;
            tasks.add(() -> {
                int reads = 0;
                while (!done.get() || reads < 3) {
                    byte[] got = streamed ? Data.read(driver, path, 0) : driver.getContent(path);
                    if (!Arrays.equals(got, a) && !Arrays.equals(got, b)) {
                        fail((streamed ? "reader" : "getContent") + " during concurrent putContent saw a mix: "
                                + Data.describe(got) + ", neither the old nor the new content");
                    }
                    reads++;
                }
                return null;
            });
        }
        runAll(tasks);
    }

    @Test
    @DisplayName("redirectUrl: an expiry beyond the driver's maximum is cut to it, not refused (a URL that serves, or empty without redirects)")
    void redirectUrlClampsAnExpiryBeyondTheMaximum() throws Exception {
        String path = "/" + segment();
        byte[] content = Data.random(random, 4 * 1024 + 3);
        driver.putContent(path, content);
        Duration beyondEveryBackend = Duration.ofDays(400); // S3, GCS and Azure sign for 7 days at most
        for (RedirectRequest request : List.of(RedirectRequest.get(beyondEveryBackend), RedirectRequest.head(beyondEveryBackend))) {
            Optional<URI> url;
            try {
                url = driver.redirectUrl(path, request);
            } catch (IOException e) {
                throw new AssertionError("redirectUrl(" + request + ") threw instead of cutting the expiry to the driver's "
                        + "maximum: " + e, e);
            }
            if (!driver.capabilities().redirect()) {
                assertEquals(Optional.empty(), url, "redirectUrl(" + request + ") of a driver that does not redirect");
                continue;
            }
            assertTrue(url.isPresent(), "redirectUrl(" + request + ") of a driver whose capabilities say redirect=true gave no URL;"
                    + " an expiry beyond the maximum is cut to it");
            HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(20)).build();
            HttpRequest.Builder http = HttpRequest.newBuilder(url.get()).timeout(Duration.ofSeconds(60));
            if (request.method().equals("GET")) {
                HttpResponse<byte[]> got = client.send(http.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, got.statusCode(), "HTTP GET " + url.get() + " status");
                assertArrayEquals(content, got.body(), "HTTP GET " + url.get() + " body");
            } else {
                HttpResponse<Void> headed = client.send(http.method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.discarding());
                assertEquals(200, headed.statusCode(), "HTTP HEAD " + url.get() + " status");
            }
        }
    }

    @Test
    @DisplayName("concurrent putContent to one path leaves one call's whole content")
    void concurrentPutContentLeavesOneWhole() throws Exception {
        String path = "/" + segment();
        List<byte[]> contents = new ArrayList<>();
        List<Callable<Void>> tasks = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < 8; i++) {
            byte[] content = Data.random(random, 50_000 + i * 1000);
            contents.add(content);
            tasks.add(() -> {
                start.await();
                driver.putContent(path, content);
                return null;
            });
        }
        tasks.add(() -> {
            start.countDown();
            return null;
        });
        runAll(tasks);
        byte[] got = driver.getContent(path);
        assertTrue(contents.stream().anyMatch(c -> Arrays.equals(c, got)),
                "after concurrent putContent the path holds " + Data.describe(got) + ", not one call's whole content");
    }

    @Test
    @DisplayName("concurrent writers to one path never interleave: refused, or one committed writer's whole content")
    void concurrentWritersToOnePath() throws Exception {
        String path = "/" + segment();
        List<byte[]> committed = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            byte[] content = new byte[40_000 + i * 999];
            Arrays.fill(content, (byte) ('a' + i));
            tasks.add(() -> {
                start.await();
                FileWriter writer;
                try {
                    writer = driver.writer(path, false);
                } catch (IOException refused) {
                    return null;
                }
                try (writer) {
                    Data.write(writer, content, 1000);
                    writer.commit();
                    committed.add(content);
                } catch (IOException refused) {
                    // a later writer may be refused at any step
                }
                return null;
            });
        }
        tasks.add(() -> {
            start.countDown();
            return null;
        });
        runAll(tasks);
        assertTrue(!committed.isEmpty(), "no writer of six could commit");
        byte[] got = driver.getContent(path);
        assertTrue(committed.stream().anyMatch(c -> Arrays.equals(c, got)),
                "after concurrent writers the path holds " + Data.describe(got) + ", not one committed writer's whole content");
    }
}
