package dev.stowage.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.stowage.driver.FileInfo;
import dev.stowage.driver.FileWriter;
import dev.stowage.driver.InvalidOffsetException;
import dev.stowage.driver.InvalidPathException;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.RedirectRequest;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDriverException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every case of the Go registry's storage driver suite ({@code testsuites.go}), in the SPI's terms. */
abstract class GoSuiteCases extends SuiteSupport {

    @Test
    @DisplayName("go TestRootExists: a top-level file shows in list(\"/\")")
    void rootExists() throws Exception {
        String path = "/" + segment();
        driver.putContent(path, "root".getBytes(StandardCharsets.UTF_8));
        assertTrue(driver.list("/").contains(path), "list(\"/\") = " + driver.list("/") + " lacks " + path);
    }

    @Test
    @DisplayName("go TestValidPaths: valid paths round-trip")
    void validPaths() throws Exception {
        byte[] content = Data.random(random, 64);
        String[] paths = {"/a", "/2", "/aa", "/a.a", "/0-9/abcdefg", "/abcdefg/z.75", "/abc/1.2.3.4.5-6_zyx/123.z/4",
                "/docker/docker-registry", "/Abc/Cba", "/A_b-c.d"};
        for (String path : paths) {
            driver.putContent(path, content);
            assertContent(driver, path, content);
            driver.delete(path);
            assertMissing(driver, path);
        }
    }

    @Test
    @DisplayName("go TestInvalidPaths: invalid paths are refused by putContent and getContent")
    void invalidPaths() throws Exception {
        byte[] content = Data.random(random, 16);
        for (String path : new String[] {"", "/", "abc", "123.abc", "//bcd", "/abc_123/", "/a b", "/a\u00e9", "/a/../b",
                "/a//b"}) {
            expectThrows(InvalidPathException.class, "putContent(\"" + path + "\")", () -> driver.putContent(path, content));
            expectThrows(InvalidPathException.class, "getContent(\"" + path + "\")", () -> driver.getContent(path));
        }
    }

    @Test
    @DisplayName("go TestWriteRead1: put/get of text")
    void writeRead1() throws Exception {
        putGet("a".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("go TestWriteRead2: put/get of non-UTF-8 bytes")
    void writeRead2() throws Exception {
        putGet(new byte[] {(byte) 0xc3, (byte) 0x9f});
    }

    @Test
    @DisplayName("go TestWriteRead3: put/get of 32 random bytes")
    void writeRead3() throws Exception {
        putGet(Data.random(random, 32));
    }

    @Test
    @DisplayName("go TestWriteRead4: put/get of 1 MiB")
    void writeRead4() throws Exception {
        putGet(Data.random(random, 1 << 20));
    }

    @Test
    @DisplayName("go TestWriteReadNonUTF8: put/get of 0x80 bytes")
    void writeReadNonUtf8() throws Exception {
        putGet(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80});
    }

    private void putGet(byte[] content) throws Exception {
        String path = "/" + segment() + "/" + segment();
        driver.putContent(path, content);
        assertContent(driver, path, content);
    }

    @Test
    @DisplayName("go TestTruncate: a smaller putContent replaces the whole file")
    void truncate() throws Exception {
        String path = "/" + segment();
        driver.putContent(path, Data.random(random, 1 << 20));
        byte[] small = Data.random(random, 64);
        driver.putContent(path, small);
        assertContent(driver, path, small);
    }

    @Test
    @DisplayName("go TestReadNonexistent: getContent of a missing path is PathNotFound")
    void readNonexistent() {
        String path = "/" + segment();
        expectThrows(PathNotFoundException.class, "getContent of a missing path", () -> driver.getContent(path));
    }

    @Test
    @DisplayName("go TestWriteReadStreams1: stream round trip of text")
    void writeReadStreams1() throws Exception {
        streamRoundTrip("a".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("go TestWriteReadStreams2: stream round trip of non-UTF-8 bytes")
    void writeReadStreams2() throws Exception {
        streamRoundTrip(new byte[] {(byte) 0xc3, (byte) 0x9f});
    }

    @Test
    @DisplayName("go TestWriteReadStreams3: stream round trip of 32 random bytes")
    void writeReadStreams3() throws Exception {
        streamRoundTrip(Data.random(random, 32));
    }

    @Test
    @DisplayName("go TestWriteReadStreams4: stream round trip of 1 MiB")
    void writeReadStreams4() throws Exception {
        streamRoundTrip(Data.random(random, 1 << 20));
    }

    @Test
    @DisplayName("go TestWriteReadStreams5: stream round trip of 1 MiB + 1")
    void writeReadStreams5() throws Exception {
        streamRoundTrip(Data.random(random, (1 << 20) + 1));
    }

    @Test
    @DisplayName("go TestWriteReadStreams6: stream round trip of 5 MiB in odd pieces")
    void writeReadStreams6() throws Exception {
        streamRoundTrip(Data.random(random, 5 << 20));
    }

    @Test
    @DisplayName("go TestWriteReadStreamsNonUTF8: stream round trip of 0x80 bytes")
    void writeReadStreamsNonUtf8() throws Exception {
        streamRoundTrip(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80});
    }

    private void streamRoundTrip(byte[] content) throws Exception {
        String path = "/" + segment() + "/" + segment();
        try (FileWriter writer = driver.writer(path, false)) {
            Data.write(writer, content, 7919);
            assertEquals(content.length, writer.size(), "size() after writing");
            writer.commit();
        }
        assertContent(driver, path, content);
    }

    @Test
    @DisplayName("go TestWriteReadLargeStreams: a large stream (past 4 GiB in the large profile, at most capabilities().maxFileSize()) checked by SHA-256, stat, reads at offsets around 2^31, 2^32 and the end, and getContent: whole, or refused by name above what an array holds")
    void writeReadLargeStreams() throws Exception {
        String path = "/" + segment() + "/" + segment();
        long size = Math.min(profile.largeStreamSize(), driver.capabilities().maxFileSize()); // as declared
        long seed = random.nextLong();
        String written;
        try (FileWriter writer = driver.writer(path, false)) {
            written = Data.writeStream(writer, seed, size);
            assertEquals(size, writer.size(), "size() after the large stream");
            writer.commit();
        }
        assertEquals(size, driver.stat(path).size(), "stat size of the large stream");
        Data.Digest read = Data.digest(driver.reader(path, 0));
        assertEquals(size, read.size(), "bytes read back from the large stream");
        assertEquals(written, read.sha256(), "SHA-256 of the large stream read back");
        readsAroundLargeOffsets(path, seed, size);
        if (size > Integer.MAX_VALUE - 8) {
            StorageDriverException refused = expectThrows(StorageDriverException.class,
                    "getContent(" + path + ") of a file of " + size + " bytes, more than an array holds", () -> driver.getContent(path));
            String message = String.valueOf(refused.getMessage());
            if (!message.contains(path) || !message.contains(Long.toString(size))) {
                fail("getContent(" + path + ") refused a file of " + size + " bytes with '" + message
                        + "', which must name the path and the size");
            }
        } else {
            byte[] whole = driver.getContent(path);
            assertEquals(size, whole.length, "length of getContent(" + path + ") of the large stream");
            assertEquals(written, Data.sha256(whole), "SHA-256 of getContent(" + path + ") of the large stream");
        }
    }

    /**
     * Readers at offsets around 2^31, 2^32, the middle and the end of the large stream (those
     * inside it) read the bytes that were written there; a reader at the size is empty.
     */
    private void readsAroundLargeOffsets(String path, long seed, long size) throws Exception {
        long[] offsets = LongStream.of((1L << 31) - 1, 1L << 31, (1L << 31) + 1, (1L << 32) - 1, 1L << 32,
                (1L << 32) + 1, size / 2 + 1, size - 1).filter(o -> o >= 0 && o < size).sorted().distinct().toArray();
        byte[][] expected = Data.seededWindows(seed, size, offsets, 16);
        for (int i = 0; i < offsets.length; i++) {
            byte[] got;
            try (InputStream in = driver.reader(path, offsets[i])) {
                got = in.readNBytes(16);
            }
            if (!Arrays.equals(expected[i], got)) {
                fail("reader(" + path + ", " + offsets[i] + ") of a file of " + size + " bytes read " + Data.describe(got)
                        + ", expected " + Data.describe(expected[i]) + " written there");
            }
        }
        try (InputStream in = driver.reader(path, size)) {
            assertEquals(-1, in.read(), "reader(" + path + ", " + size + ").read() at the size of the file");
        }
    }

    @Test
    @DisplayName("go TestReaderWithOffset: offsets 0, middle, size (empty), size-1 (one byte), negative, size+1")
    void readerWithOffset() throws Exception {
        String path = "/" + segment() + "/" + segment();
        int chunk = 32;
        byte[] a = Data.random(random, chunk);
        byte[] b = Data.random(random, chunk);
        byte[] c = Data.random(random, chunk);
        byte[] all = Data.concat(a, b, c);
        driver.putContent(path, all);
        assertArrayEquals(all, Data.read(driver, path, 0), "reader at 0");
        assertArrayEquals(Data.concat(b, c), Data.read(driver, path, chunk), "reader at 32");
        assertArrayEquals(c, Data.read(driver, path, 2L * chunk), "reader at 64");
        assertArrayEquals(new byte[0], Data.read(driver, path, 3L * chunk), "reader at size gives an empty stream");
        assertArrayEquals(new byte[] {c[chunk - 1]}, Data.read(driver, path, 3L * chunk - 1), "reader at size-1");
        InvalidOffsetException negative = expectThrows(InvalidOffsetException.class, "reader at -1",
                () -> driver.reader(path, -1).close());
        assertEquals(-1, negative.offset(), "InvalidOffsetException.offset()");
        InvalidOffsetException past = expectThrows(InvalidOffsetException.class, "reader at size+1",
                () -> driver.reader(path, 3L * chunk + 1).close());
        assertEquals(3L * chunk + 1, past.offset(), "InvalidOffsetException.offset()");
    }

    @Test
    @DisplayName("go TestContinueStreamAppendLarge: append over three reopens with large chunks, size() kept")
    void continueStreamAppendLarge() throws Exception {
        appendOverReopens(profile.appendChunkSize());
    }

    @Test
    @DisplayName("go TestContinueStreamAppendSmall: append over three reopens with 32-byte chunks, size() kept")
    void continueStreamAppendSmall() throws Exception {
        appendOverReopens(32);
    }

    private void appendOverReopens(int chunk) throws Exception {
        String path = "/" + segment() + "/" + segment();
        byte[] first = Data.random(random, chunk);
        byte[] second = Data.random(random, chunk);
        byte[] third = Data.random(random, chunk);
        FileWriter writer = driver.writer(path, false);
        Data.write(writer, first, 8192);
        assertEquals(chunk, writer.size(), "size() after the first session");
        writer.close();

        writer = driver.writer(path, true);
        assertEquals(chunk, writer.size(), "size() on reopening after the first session");
        Data.write(writer, second, 8192);
        assertEquals(2L * chunk, writer.size(), "size() after the second session");
        writer.close();

        writer = driver.writer(path, true);
        assertEquals(2L * chunk, writer.size(), "size() on reopening after the second session");
        Data.write(writer, third, 8192);
        assertEquals(3L * chunk, writer.size(), "size() after the third session");
        writer.commit();
        writer.close();
        assertContent(driver, path, Data.concat(first, second, third));
    }

    @Test
    @DisplayName("go TestReadNonexistentStream: reader of a missing path is PathNotFound, at 0 and at 64")
    void readNonexistentStream() {
        String path = "/" + segment();
        expectThrows(PathNotFoundException.class, "reader(missing, 0)", () -> driver.reader(path, 0).close());
        expectThrows(PathNotFoundException.class, "reader(missing, 64)", () -> driver.reader(path, 64).close());
    }

    @Test
    @DisplayName("go TestWriteZeroByteStreamThenAppend: a zero-byte commit, then append")
    void writeZeroByteStreamThenAppend() throws Exception {
        String path = "/" + segment() + "/" + segment();
        try (FileWriter writer = driver.writer(path, false)) {
            writer.commit();
        }
        assertContent(driver, path, new byte[0]);
        appendToCommittedEmpty(path);
    }

    @Test
    @DisplayName("go TestWriteZeroByteContentThenAppend: a zero-byte putContent, then append")
    void writeZeroByteContentThenAppend() throws Exception {
        String path = "/" + segment() + "/" + segment();
        driver.putContent(path, new byte[0]);
        assertContent(driver, path, new byte[0]);
        appendToCommittedEmpty(path);
    }

    private void appendToCommittedEmpty(String path) throws Exception {
        byte[] content = Data.random(random, 4096);
        try (FileWriter writer = driver.writer(path, true)) {
            assertEquals(0, writer.size(), "size() appending to a committed empty file");
            Data.write(writer, content, 1000);
            writer.commit();
        }
        assertContent(driver, path, content);
    }

    @Test
    @DisplayName("go TestList: list of the root, a parent and a missing directory gives direct children only")
    void list() throws Exception {
        String root = "/" + segment();
        String parent = root + "/" + segment();
        List<String> children = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String child = parent + "/" + segment();
            children.add(child);
            driver.putContent(child, Data.random(random, 32));
        }
        driver.putContent(children.get(0) + "x/deeper/still", Data.random(random, 8)); // a subdirectory
        children.add(children.get(0) + "x");
        children.sort(null);
        assertEquals(List.of(root), driver.list("/"), "list(\"/\")");
        assertEquals(List.of(parent), driver.list(root), "list(" + root + ")");
        assertEquals(children, driver.list(parent), "list(" + parent + ") must give direct children only, sorted");
        expectThrows(PathNotFoundException.class, "list of a missing directory", () -> driver.list(root + "/" + segment()));
    }

    @Test
    @DisplayName("go TestMove: move gives the destination the content and removes the source")
    void move() throws Exception {
        byte[] content = Data.random(random, 32);
        String source = "/" + segment() + "/" + segment();
        String dest = "/" + segment() + "/" + segment() + "/" + segment();
        driver.putContent(source, content);
        driver.move(source, dest);
        assertContent(driver, dest, content);
        assertMissing(driver, source);
    }

    @Test
    @DisplayName("go TestMoveOverwrite: move replaces an existing destination")
    void moveOverwrite() throws Exception {
        byte[] content = Data.random(random, 32);
        String source = "/" + segment();
        String dest = "/" + segment();
        driver.putContent(source, content);
        driver.putContent(dest, Data.random(random, 64));
        driver.move(source, dest);
        assertContent(driver, dest, content);
        assertMissing(driver, source);
    }

    @Test
    @DisplayName("go TestMoveNonexistent: move of a missing source is PathNotFound and leaves the destination untouched")
    void moveNonexistent() throws Exception {
        byte[] content = Data.random(random, 32);
        String source = "/" + segment();
        String dest = "/" + segment();
        driver.putContent(dest, content);
        expectThrows(PathNotFoundException.class, "move of a missing source", () -> driver.move(source, dest));
        assertContent(driver, dest, content);
    }

    @Test
    @DisplayName("go TestMoveInvalid: move of a missing source under a regular file fails")
    void moveInvalid() throws Exception {
        byte[] content = Data.random(random, 32);
        String file = "/" + segment();
        driver.putContent(file, content);
        expectThrows(PathNotFoundException.class, "move of a missing source under a regular file",
                () -> driver.move(file + "/foo", file + "/bar"));
        assertContent(driver, file, content);
    }

    @Test
    @DisplayName("go TestDelete: delete removes a file")
    void delete() throws Exception {
        String path = "/" + segment();
        driver.putContent(path, Data.random(random, 32));
        driver.delete(path);
        assertMissing(driver, path);
        expectThrows(PathNotFoundException.class, "list of a deleted file",
                () -> driver.list(path));
        assertEquals(List.of(), driver.list("/"), "list(\"/\") after deleting the only file");
    }

    @Test
    @DisplayName("go TestRedirectURL: a driver that redirects serves its URL over HTTP with GET and HEAD")
    void redirectUrlServesGetAndHead() throws Exception {
        Assumptions.assumeTrue(driver.capabilities().redirect(),
                "skipped: capabilities().redirect() is false, so there is no URL to serve (redirectUrlIsEmptyWhenNotRedirecting checks the empty answer)");
        String path = "/" + segment() + "/" + segment();
        byte[] content = Data.random(random, 32 * 1024 + 7);
        driver.putContent(path, content);
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build();
        Optional<URI> get = driver.redirectUrl(path, RedirectRequest.get(Duration.ofMinutes(20)));
        assertTrue(get.isPresent(), "redirectUrl(GET) of a driver whose capabilities say redirect=true gave no URL");
        HttpResponse<byte[]> got = client.send(HttpRequest.newBuilder(get.get()).GET().timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, got.statusCode(), "HTTP GET " + get.get() + " status");
        assertArrayEquals(content, got.body(), "HTTP GET " + get.get() + " body");
        Optional<URI> head = driver.redirectUrl(path, RedirectRequest.head(Duration.ofMinutes(20)));
        assertTrue(head.isPresent(), "redirectUrl(HEAD) of a driver whose capabilities say redirect=true gave no URL");
        HttpResponse<Void> headed = client.send(
                HttpRequest.newBuilder(head.get()).method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(200, headed.statusCode(), "HTTP HEAD " + head.get() + " status");
        headed.headers().firstValueAsLong("content-length").ifPresent(length ->
                assertEquals(content.length, length, "HTTP HEAD " + head.get() + " Content-Length"));
    }

    @Test
    @DisplayName("go TestRedirectURL: a driver that does not redirect answers redirectUrl with empty")
    void redirectUrlIsEmptyWhenNotRedirecting() throws Exception {
        Assumptions.assumeFalse(driver.capabilities().redirect(),
                "skipped: capabilities().redirect() is true (redirectUrlServesGetAndHead checks the URL)");
        String path = "/" + segment();
        driver.putContent(path, Data.random(random, 16));
        assertEquals(Optional.empty(), driver.redirectUrl(path, RedirectRequest.get(Duration.ofMinutes(1))),
                "redirectUrl(GET) of a driver that does not redirect");
        assertEquals(Optional.empty(), driver.redirectUrl(path, RedirectRequest.head(Duration.ofMinutes(1))),
                "redirectUrl(HEAD) of a driver that does not redirect");
    }

    @Test
    @DisplayName("go TestDeleteNonexistent: delete of a missing path is PathNotFound")
    void deleteNonexistent() throws Exception {
        String path = "/" + segment();
        expectThrows(PathNotFoundException.class, "delete of a missing path", () -> driver.delete(path));
        driver.putContent(path + "-other", new byte[] {1});
        expectThrows(PathNotFoundException.class, "delete of a missing path beside a file", () -> driver.delete(path));
        assertContent(driver, path + "-other", new byte[] {1});
    }

    @Test
    @DisplayName("go TestDeleteFolder: delete of a directory removes everything below it")
    void deleteFolder() throws Exception {
        String dir = "/" + segment();
        String a = dir + "/" + segment();
        String b = dir + "/" + segment();
        String c = dir + "/" + segment() + "/" + segment();
        byte[] content = Data.random(random, 32);
        for (String p : List.of(a, b, c)) {
            driver.putContent(p, content);
        }
        driver.delete(a);
        assertMissing(driver, a);
        assertContent(driver, b, content);
        assertContent(driver, c, content);
        driver.delete(dir);
        for (String p : List.of(a, b, c)) {
            assertMissing(driver, p);
        }
        expectThrows(PathNotFoundException.class, "stat of a deleted directory", () -> driver.stat(dir));
        expectThrows(PathNotFoundException.class, "list of a deleted directory", () -> driver.list(dir));
        expectThrows(PathNotFoundException.class, "delete of a deleted directory", () -> driver.delete(dir));
    }

    @Test
    @DisplayName("go TestDeleteOnlyDeletesSubpaths: delete of /a keeps /ab")
    void deleteOnlyDeletesSubpaths() throws Exception {
        String dir = "/" + segment();
        String file = segment();
        byte[] content = Data.random(random, 32);
        driver.putContent(dir + "/" + file, content);
        driver.putContent(dir + "/" + file + "suffix", content);
        driver.putContent(dir + "suffix/" + file, content);
        driver.delete(dir + "/" + file);
        assertMissing(driver, dir + "/" + file);
        assertContent(driver, dir + "/" + file + "suffix", content);
        driver.delete(dir);
        assertMissing(driver, dir + "/" + file + "suffix");
        assertContent(driver, dir + "suffix/" + file, content);
    }

    @Test
    @DisplayName("go TestStatCall: stat of a file, a directory and a missing path; modTime later after an overwrite")
    void statCall() throws Exception {
        String dir = "/" + segment();
        String path = dir + "/" + segment();
        byte[] content = Data.random(random, 4096);
        Instant before = Instant.now().minusSeconds(5);
        expectThrows(PathNotFoundException.class, "stat of a missing path", () -> driver.stat(path));
        expectThrows(PathNotFoundException.class, "stat of a missing directory", () -> driver.stat(dir));
        driver.putContent(path, content);
        FileInfo file = driver.stat(path);
        assertEquals(path, file.path(), "stat(file).path()");
        assertEquals(content.length, file.size(), "stat(file).size()");
        assertFalse(file.isDirectory(), "stat(file).isDirectory()");
        assertTrue(!file.modTime().isBefore(before), "stat(file).modTime() " + file.modTime() + " is in the past");
        FileInfo directory = driver.stat(dir);
        assertEquals(dir, directory.path(), "stat(dir).path()");
        assertEquals(0, directory.size(), "stat(dir).size()");
        assertTrue(directory.isDirectory(), "stat(dir).isDirectory()");

        driver.putContent(path, content);
        FileInfo again = driver.stat(path);
        assertFalse(again.modTime().isBefore(file.modTime()),
                "an overwrite gave an earlier modTime: " + again.modTime() + " before " + file.modTime());
        if (again.modTime().equals(file.modTime())) {
            Thread.sleep(1100); // coarse clocks (S3: seconds) need a pause to move
            driver.putContent(path, content);
            again = driver.stat(path);
        }
        assertTrue(again.modTime().isAfter(file.modTime()),
                "an overwrite more than a second later must give a later modTime, got " + again.modTime() + " after " + file.modTime());
    }

    @Test
    @DisplayName("go TestPutContentMultipleTimes: many putContent calls, the last wins")
    void putContentMultipleTimes() throws Exception {
        String path = "/" + segment() + "/" + segment();
        byte[] content = null;
        for (int i = 0; i < profile.putContentRepeats(); i++) {
            content = Data.random(random, 1 + random.nextInt(4096));
            driver.putContent(path, content);
        }
        assertContent(driver, path, content);
    }

    @Test
    @DisplayName("go TestConcurrentStreamReads: concurrent readers at random offsets of one file")
    void concurrentStreamReads() throws Exception {
        String path = "/" + segment();
        byte[] content = Data.random(random, profile.concurrentStreamSize());
        driver.putContent(path, content);
        List<Callable<Void>> readers = new ArrayList<>();
        for (int i = 0; i < profile.concurrentReaders(); i++) {
            long offset = random.nextInt(content.length + 1);
            readers.add(() -> {
                byte[] got = Data.read(driver, path, offset);
                byte[] expected = java.util.Arrays.copyOfRange(content, (int) offset, content.length);
                if (!java.util.Arrays.equals(expected, got)) {
                    fail("concurrent reader at offset " + offset + " read " + Data.describe(got) + ", expected "
                            + Data.describe(expected));
                }
                return null;
            });
        }
        runAll(readers);
    }

    @Test
    @DisplayName("go TestConcurrentFileStreams: concurrent writers of many files")
    void concurrentFileStreams() throws Exception {
        String dir = "/" + segment();
        List<Callable<Void>> writers = new ArrayList<>();
        for (int i = 0; i < profile.concurrentWriters(); i++) {
            String path = dir + "/" + i;
            byte[] content = Data.random(random, 64 * 1024 + random.nextInt(64 * 1024));
            writers.add(() -> {
                try (FileWriter writer = driver.writer(path, false)) {
                    Data.write(writer, content, 4096);
                    writer.commit();
                }
                assertContent(driver, path, content);
                driver.delete(path);
                assertMissing(driver, path);
                return null;
            });
        }
        runAll(writers);
    }

    /** Runs the tasks on their own threads; the first failure is thrown with the others suppressed. */
    static void runAll(List<? extends Callable<?>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(tasks.size(), 32));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Callable<?> task : tasks) {
                futures.add(pool.submit(task));
            }
            Throwable first = null;
            for (Future<?> future : futures) {
                try {
                    future.get(10, TimeUnit.MINUTES);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (first == null) {
                        first = e.getCause();
                    } else {
                        first.addSuppressed(e.getCause());
                    }
                }
            }
            if (first instanceof Exception ex) {
                throw ex;
            }
            if (first instanceof Error err) {
                throw err;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static String text(StorageDriver d, String path) throws Exception {
        return new String(d.getContent(path), StandardCharsets.UTF_8);
    }
}
