package dev.stowage.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.stowage.driver.FileInfo;
import dev.stowage.driver.FileWriter;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.RedirectRequest;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDriverException;
import dev.stowage.driver.StorageDrivers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Writers, moves, times and endings: what the contract decides where callers need an answer. */
abstract class LifecycleCases extends TreeCases {

    /** The largest {@code maxFileSize} the size-limit case proves: it writes that many bytes, so keep it cheap. */
    static final long SIZE_LIMIT_REACH = 8L << 20;

    // ---- writers ------------------------------------------------------------------------------

    @Test
    @DisplayName("writer(path, false) discards an earlier closed session at once: cancelling the new writer does not bring it back, closing it empty leaves size 0")
    void freshWriterDiscardsTheClosedSessionAtOnce() throws Exception {
        String cancelled = "/" + segment() + "/" + segment();
        closedSession(cancelled, Data.random(random, 1000));
        driver.writer(cancelled, false).cancel();
        expectThrows(PathNotFoundException.class, "writer(" + cancelled + ", true) after a closed session was replaced by"
                + " writer(path, false) and that writer cancelled (the old session must not come back)",
                () -> driver.writer(cancelled, true));
        assertMissing(driver, cancelled);

        String emptied = "/" + segment() + "/" + segment();
        closedSession(emptied, Data.random(random, 1000));
        driver.writer(emptied, false).close();
        try (FileWriter continued = driver.writer(emptied, true)) {
            assertEquals(0, continued.size(), "writer(" + emptied + ", true).size() after writer(path, false) was closed"
                    + " without writing (the earlier session of 1000 bytes must be gone)");
            continued.commit();
        }
        assertContent(driver, emptied, new byte[0]);
    }

    // ---- moves --------------------------------------------------------------------------------

    @Test
    @DisplayName("move of a directory is PathNotFoundException (move moves files) and changes nothing")
    void moveOfADirectoryIsPathNotFound() throws Exception {
        String dir = "/" + segment();
        String file = dir + "/" + segment();
        String dest = "/" + segment();
        byte[] content = Data.random(random, 100);
        driver.putContent(file, content);
        expectThrows(PathNotFoundException.class, "move(" + dir + ", " + dest + ") of a directory", () -> driver.move(dir, dest));
        assertContent(driver, file, content);
        assertMissing(driver, dest);
        expectThrows(PathNotFoundException.class, "list(" + dest + ") after a refused move of a directory", () -> driver.list(dest));
    }

    @Test
    @DisplayName("move of a path onto itself: an existing file stays exactly as it was, a missing one is PathNotFoundException")
    void moveOntoItselfLeavesTheFile() throws Exception {
        String path = "/" + segment() + "/" + segment();
        byte[] content = Data.random(random, 100);
        driver.putContent(path, content);
        FileInfo before = driver.stat(path);
        driver.move(path, path);
        assertContent(driver, path, content);
        assertEquals(before, driver.stat(path), "stat(" + path + ") after move(" + path + ", " + path + ") onto itself");
        String missing = "/" + segment() + "/" + segment();
        expectThrows(PathNotFoundException.class, "move(" + missing + ", " + missing + ") of a missing file",
                () -> driver.move(missing, missing));
        assertMissing(driver, missing);
    }

    @Test
    @DisplayName("move onto an existing directory is refused with a StorageDriverException naming the destination; source and directory stay")
    void moveOntoADirectoryIsRefused() throws Exception {
        String source = "/" + segment();
        String dir = "/" + segment();
        String inside = dir + "/" + segment();
        byte[] content = Data.random(random, 100);
        byte[] below = Data.random(random, 50);
        driver.putContent(source, content);
        driver.putContent(inside, below);
        StorageDriverException refused = expectThrows(StorageDriverException.class,
                "move(" + source + ", " + dir + ") onto a directory", () -> driver.move(source, dir));
        if (refused instanceof PathNotFoundException) {
            fail("move(" + source + ", " + dir + ") onto a directory threw PathNotFoundException, but the source exists: " + refused);
        }
        assertTrue(String.valueOf(refused.getMessage()).contains(dir),
                "move(" + source + ", " + dir + ") onto a directory: the exception must name the destination, got " + refused);
        assertContent(driver, source, content);
        assertContent(driver, inside, below);
        assertTrue(driver.stat(dir).isDirectory(), "stat(" + dir + ").isDirectory() after a refused move onto it");
        assertEquals(List.of(inside), driver.list(dir), "list(" + dir + ") after a refused move onto it");
    }

    // ---- times --------------------------------------------------------------------------------

    @Test
    @DisplayName("modTime after a writer's commit is never earlier than an earlier change of the path (a put before the writer, or while its session was closed)")
    void commitTimeIsNeverEarlierThanEarlierChanges() throws Exception {
        String before = "/" + segment() + "/" + segment();
        driver.putContent(before, Data.random(random, 10));
        Instant put = driver.stat(before).modTime();
        Duration grain = put.getNano() == 0 ? Duration.ofSeconds(1) : Duration.ofMillis(2); // the backend's precision
        waitPast(put, grain);
        try (FileWriter w = driver.writer(before, false)) {
            w.write(ByteBuffer.wrap(Data.random(random, 20)));
            w.commit();
        }
        assertNotEarlier(before, put, "putContent before the writer opened");

        String meanwhile = "/" + segment() + "/" + segment();
        Instant opened = closedSession(meanwhile, Data.random(random, 30)); // the session begins (an upload may start here)
        waitPast(opened, grain);
        driver.putContent(meanwhile, Data.random(random, 10));
        Instant putWhileClosed = driver.stat(meanwhile).modTime();
        waitPast(putWhileClosed, grain);
        try (FileWriter w = driver.writer(meanwhile, true)) {
            w.write(ByteBuffer.wrap(Data.random(random, 20)));
            w.commit();
        }
        assertNotEarlier(meanwhile, putWhileClosed, "putContent while the writer's session was closed");
    }

    @Test
    @DisplayName("a directory answers alike in stat and walk: isDirectory, size 0 and the same modTime")
    void directoriesAnswerAlikeInStatAndWalk() throws Exception {
        String top = "/" + segment();
        String dir = top + "/" + segment();
        driver.putContent(dir + "/" + segment(), Data.random(random, 10));
        driver.putContent(top + "/" + segment(), Data.random(random, 10));
        FileInfo stated = driver.stat(dir);
        FileInfo walked = walkAll(driver, top).stream().filter(e -> e.path().equals(dir)).findFirst()
                .orElseThrow(() -> new AssertionError("walk(" + top + ") did not visit the directory " + dir));
        assertTrue(stated.isDirectory(), "stat(" + dir + ").isDirectory()");
        assertTrue(walked.isDirectory(), "walk(" + top + ") entry " + dir + " isDirectory()");
        assertEquals(0, walked.size(), "walk(" + top + ") entry " + dir + " size()");
        assertEquals(stated.modTime(), walked.modTime(), "modTime of directory " + dir + " in stat and in walk(" + top
                + ") (nothing changed between)");
    }

    // ---- delete and uploads -------------------------------------------------------------------

    @Test
    @DisplayName("delete of a directory discards the closed sessions below it; a writer open at that moment commits its whole content or fails")
    void deleteDiscardsTheSessionsBelow() throws Exception {
        String dir = "/" + segment();
        String session = dir + "/" + segment() + "/" + segment();
        String open = dir + "/" + segment();
        driver.putContent(dir + "/" + segment(), Data.random(random, 10));
        closedSession(session, Data.random(random, 100));
        byte[] first = Data.random(random, 100);
        byte[] second = Data.random(random, 50);
        FileWriter writer = driver.writer(open, false);
        try {
            Data.write(writer, first, first.length);
            driver.delete(dir);
            expectThrows(PathNotFoundException.class, "writer(" + session + ", true) after delete(" + dir
                    + ") (the closed session below it must be gone)", () -> driver.writer(session, true));
            assertMissing(driver, session);
            boolean committed;
            try {
                Data.write(writer, second, second.length);
                writer.commit();
                committed = true;
            } catch (IOException e) {
                committed = false; // allowed: a writer open across the delete may fail
            }
            if (committed) {
                assertContent(driver, open, Data.concat(first, second));
            } else {
                assertMissing(driver, open);
            }
        } finally {
            writer.close();
        }
    }

    // ---- redirects ----------------------------------------------------------------------------

    @Test
    @DisplayName("redirectUrl of a missing file: empty without redirects; else PathNotFoundException or a URL that answers 404")
    void redirectUrlOfAMissingFile() throws Exception {
        String missing = "/" + segment() + "/" + segment();
        for (RedirectRequest request : List.of(RedirectRequest.get(Duration.ofMinutes(5)), RedirectRequest.head(Duration.ofMinutes(5)))) {
            Optional<URI> url;
            try {
                url = driver.redirectUrl(missing, request);
            } catch (PathNotFoundException e) {
                assertTrue(driver.capabilities().redirect(), "redirectUrl(" + missing + ", " + request
                        + ") of a driver that does not redirect must be empty, not " + e);
                continue;
            } catch (IOException e) {
                throw new AssertionError("redirectUrl(" + missing + ", " + request
                        + ") of a missing file: expected empty, PathNotFoundException or a URL, but got " + e, e);
            }
            if (!driver.capabilities().redirect()) {
                assertEquals(Optional.empty(), url, "redirectUrl(" + missing + ", " + request + ") of a driver that does not redirect");
                continue;
            }
            assertTrue(url.isPresent(), "redirectUrl(" + missing + ", " + request + ") of a redirecting driver gave no URL");
            HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(20)).build();
            HttpResponse<Void> answer = client.send(HttpRequest.newBuilder(url.get())
                    .method(request.method().toString(), HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(404, answer.statusCode(), "HTTP " + request.method() + " " + url.get() + " of missing " + missing);
        }
        assertMissing(driver, missing);
    }

    // ---- size limit ---------------------------------------------------------------------------

    @Test
    @DisplayName("a write past capabilities().maxFileSize() throws naming the limit and takes none of the buffer; the writer stays open; putContent past it leaves the path")
    void writesPastTheSizeLimitAreRefused() throws Exception {
        long limit = driver.capabilities().maxFileSize();
        Assumptions.assumeTrue(limit <= SIZE_LIMIT_REACH, "skipped: capabilities().maxFileSize() " + limit
                + " is beyond the kit's reach (the case writes the limit's worth, at most " + SIZE_LIMIT_REACH + " bytes)");
        int max = (int) limit;
        String path = "/" + segment() + "/" + segment();
        byte[] content = Data.random(random, max);
        try (FileWriter writer = driver.writer(path, false)) {
            Data.write(writer, java.util.Arrays.copyOf(content, max - 1), 64 << 10);
            ByteBuffer past = ByteBuffer.wrap(new byte[] {1, 2});
            StorageDriverException refused = expectThrows(StorageDriverException.class, "write of 2 bytes to " + path
                    + " at size " + (max - 1) + " with maxFileSize " + max, () -> writer.write(past));
            assertTrue(String.valueOf(refused.getMessage()).contains(Long.toString(limit)),
                    "the refusal of a write past maxFileSize must name the limit " + limit + ", got " + refused);
            assertEquals(0, past.position(), "bytes taken from the refused buffer (write past maxFileSize " + max + ")");
            assertEquals(max - 1, writer.size(), "writer(" + path + ").size() after a refused write");
            assertTrue(writer.isOpen(), "writer(" + path + ").isOpen() after a refused write");
            writer.write(ByteBuffer.wrap(content, max - 1, 1));
            writer.commit();
        }
        assertContent(driver, path, content);
        byte[] tooLarge = new byte[max + 1];
        expectThrows(StorageDriverException.class, "putContent(" + path + ") of " + (max + 1) + " bytes with maxFileSize " + max,
                () -> driver.putContent(path, tooLarge));
        assertContent(driver, path, content);
    }

    // ---- closing the driver ---------------------------------------------------------------------

    @Test
    @DisplayName("close() twice is a no-op on the raw driver; through the wrapper every call after close throws IOException")
    void closeTwiceAndCallsAfterClose() throws Exception {
        StorageDriver raw = newDriver();
        raw.close();
        try {
            raw.close();
        } catch (IOException | RuntimeException e) {
            throw new AssertionError("the second close() of the driver from newDriver() must do nothing, but threw " + e, e);
        }
        StorageDriver closed = StorageDrivers.validating(newDriver());
        closed.close();
        closed.close();
        String path = "/" + segment();
        RedirectRequest request = RedirectRequest.get(Duration.ofMinutes(1));
        for (Object[] call : new Object[][] {
                {"getContent", (Executable) () -> closed.getContent(path)},
                {"putContent", (Executable) () -> closed.putContent(path, new byte[1])},
                {"reader", (Executable) () -> closed.reader(path, 0)},
                {"writer", (Executable) () -> closed.writer(path, false)},
                {"stat", (Executable) () -> closed.stat(path)},
                {"list", (Executable) () -> closed.list("/")},
                {"move", (Executable) () -> closed.move(path, path + "x")},
                {"delete", (Executable) () -> closed.delete(path)},
                {"redirectUrl", (Executable) () -> closed.redirectUrl(path, request)},
                {"walk", (Executable) () -> closed.walk("/", e -> dev.stowage.driver.WalkAction.CONTINUE)}}) {
            IOException e = expectThrows(IOException.class, call[0] + " after close()", (Executable) call[1]);
            if (e instanceof PathNotFoundException) {
                fail(call[0] + " after close() threw PathNotFoundException; expected the driver to say it is closed: " + e);
            }
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** Writes {@code content} in a fresh writer at {@code path} and closes it without commit; returns the time it opened. */
    private Instant closedSession(String path, byte[] content) throws IOException {
        Instant opened = Instant.now();
        try (FileWriter writer = driver.writer(path, false)) {
            Data.write(writer, content, content.length);
        }
        return opened;
    }

    private void assertNotEarlier(String path, Instant earlier, String what) throws IOException {
        Instant committed = driver.stat(path).modTime();
        assertTrue(!committed.isBefore(earlier), "stat(" + path + ").modTime() after the writer's commit is " + committed
                + ", earlier than the " + what + " at " + earlier);
    }

    /**
     * Waits until the clock has passed {@code time}, cut to the backend's time precision
     * {@code grain} (whole seconds, as S3 and Azure report; else 2 ms), so that a later change can
     * get a later time at all. No longer than that: at most about 1 s.
     */
    private static void waitPast(Instant time, Duration grain) throws InterruptedException {
        Instant until = grain.getSeconds() > 0 ? time.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plus(grain) : time.plus(grain);
        long millis = Duration.between(Instant.now(), until).toMillis() + 1;
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
