package dev.stowage.driver.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.driver.FileInfo;
import dev.stowage.driver.FileWriter;
import dev.stowage.driver.InvalidOffsetException;
import dev.stowage.driver.InvalidPathException;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.RedirectRequest;
import dev.stowage.driver.StorageDriverException;
import dev.stowage.driver.WalkAction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FilesystemDriverSemanticsTest extends DriverFixture {

    // --- getContent and sizes past 2 GiB ------------------------------------------------------

    @Test
    void getContentRefusesAFileLargerThanAnArrayNamingPathAndSizeWhileStatAndReaderServeIt() throws Exception {
        driver.putContent("/big", new byte[] {7});
        long size = (1L << 31) + 1; // sparse: no disk, no memory
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(root.resolve("big").toFile(), "rw")) {
            file.setLength(size);
        }
        assertThatThrownBy(() -> driver.getContent("/big")).isInstanceOf(StorageDriverException.class)
                .hasMessageContaining("/big").hasMessageContaining(Long.toString(size));
        assertThat(driver.stat("/big").size()).isEqualTo(size);
        try (InputStream in = driver.reader("/big", size - 1)) {
            assertThat(in.read()).isZero();
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    // --- paths -------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "a", "/a/", "//a", "/a//b", "/a/./b", "/a/../b", "/..", "/a b", "/a\\b", "/ä", "/a#b"})
    void refusesInvalidPathsOnEveryMethodWithoutTouchingStorage(String path) throws Exception {
        List<ThrowingCallable> calls = List.of(
                () -> driver.getContent(path),
                () -> driver.putContent(path, new byte[] {1}),
                () -> driver.reader(path, 0),
                () -> driver.writer(path, false),
                () -> driver.writer(path, true),
                () -> driver.stat(path),
                () -> driver.move(path, "/ok"),
                () -> driver.move("/ok", path),
                () -> driver.delete(path),
                () -> driver.redirectUrl(path, new RedirectRequest("GET", Duration.ofMinutes(1))));
        driver.putContent("/ok", bytes("ok"));
        for (ThrowingCallable call : calls) {
            assertThatThrownBy(call).isInstanceOf(InvalidPathException.class);
        }
        if (!path.equals("/")) {
            assertThatThrownBy(() -> driver.list(path)).isInstanceOf(InvalidPathException.class);
            assertThatThrownBy(() -> driver.walk(path, e -> WalkAction.CONTINUE)).isInstanceOf(InvalidPathException.class);
        }
        assertThat(content("/ok")).isEqualTo("ok");
        try (Stream<java.nio.file.Path> files = Files.list(root)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("ok", "#stowage");
        }
    }

    @Test
    void aFileWhereADirectoryIsExpectedIsNothingThereWhateverTheSystemCallsIt() throws Exception {
        driver.putContent("/f", bytes("f"));
        // below a file the system answers ENOTDIR, whose text varies by platform and locale
        assertThat(StorageRoot.attributes(root.resolve("f").resolve("x").resolve("y"))).isNull();
        assertThat(StorageRoot.attributes(root.resolve("f"))).isNotNull();
        assertThatThrownBy(() -> driver.stat("/f/x/y")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.putContent("/f/x", bytes("x"))).isInstanceOf(StorageDriverException.class)
                .hasMessageContaining("a parent of the path is a file");
        assertThat(content("/f")).isEqualTo("f");
    }

    // --- putContent / getContent ---------------------------------------------------------------

    @Test
    void putContentCreatesParentsAndReplacesWholeContent() throws Exception {
        driver.putContent("/a/b/c", bytes("first, longer content"));
        driver.putContent("/a/b/c", bytes("second"));
        assertThat(content("/a/b/c")).isEqualTo("second");
        assertThat(root.resolve("a/b/c")).hasContent("second");
        driver.putContent("/a/b/c", new byte[0]);
        assertThat(driver.getContent("/a/b/c")).isEmpty();
    }

    @Test
    void putContentLeavesNoTemporaryFilesBehind() throws Exception {
        for (int i = 0; i < 5; i++) {
            driver.putContent("/p", bytes("v" + i));
        }
        try (Stream<java.nio.file.Path> files = Files.list(root.resolve("#stowage/tmp"))) {
            assertThat(files).isEmpty();
        }
        assertThat(driver.list("/")).containsExactly("/p");
    }

    @Test
    void getContentOrReaderOfDirectoryOrMissingIsPathNotFound() throws Exception {
        driver.putContent("/d/f", bytes("x"));
        assertThatThrownBy(() -> driver.getContent("/d")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.reader("/d", 0)).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.getContent("/missing")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.reader("/missing", 0)).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.getContent("/d/f/below")).isInstanceOf(PathNotFoundException.class);
    }

    // --- reader offsets ------------------------------------------------------------------------

    @Test
    void readerHonoursOffsetsMinusOneZeroSizeAndSizePlusOne() throws Exception {
        driver.putContent("/f", bytes("0123456789"));
        assertThatThrownBy(() -> driver.reader("/f", -1))
                .isInstanceOf(InvalidOffsetException.class)
                .satisfies(e -> assertThat(((InvalidOffsetException) e).offset()).isEqualTo(-1));
        assertThat(read("/f", 0)).isEqualTo("0123456789");
        assertThat(read("/f", 4)).isEqualTo("456789");
        assertThat(read("/f", 10)).isEmpty();
        assertThatThrownBy(() -> driver.reader("/f", 11))
                .isInstanceOf(InvalidOffsetException.class)
                .hasMessageContaining("filesystem")
                .hasMessageContaining("/f")
                .satisfies(e -> assertThat(((InvalidOffsetException) e).offset()).isEqualTo(11));
    }

    @Test
    void readerSkipsWithoutReading() throws Exception {
        driver.putContent("/f", bytes("0123456789"));
        try (InputStream in = driver.reader("/f", 2)) {
            assertThat(in.skip(3)).isEqualTo(3);
            assertThat(in.read()).isEqualTo('5');
            assertThat(in.skip(100)).isEqualTo(4);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void anOpenReaderKeepsTheContentItOpenedAcrossAnOverwrite() throws Exception {
        driver.putContent("/f", bytes("old content"));
        try (InputStream in = driver.reader("/f", 0)) {
            driver.putContent("/f", bytes("new"));
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("old content");
        }
        assertThat(content("/f")).isEqualTo("new");
    }

    // --- writer --------------------------------------------------------------------------------

    @Test
    void appendsOverThreeReopensThenCommits() throws Exception {
        try (FileWriter w = driver.writer("/up/data", false)) {
            write(w, "one-");
            assertThat(w.size()).isEqualTo(4);
        }
        for (String part : List.of("two-", "three-", "four")) {
            FileWriter w = driver.writer("/up/data", true);
            long before = w.size();
            write(w, part);
            assertThat(w.size()).isEqualTo(before + part.length());
            if (part.equals("four")) {
                w.commit();
            } else {
                w.close();
            }
        }
        assertThat(content("/up/data")).isEqualTo("one-two-three-four");
        assertThat(driver.stat("/up/data").size()).isEqualTo(18);
    }

    @Test
    void cancelAfterAReopenDiscardsEverySession() throws Exception {
        try (FileWriter w = driver.writer("/up/data", false)) {
            write(w, "first");
        }
        FileWriter w = driver.writer("/up/data", true);
        assertThat(w.size()).isEqualTo(5);
        write(w, "second");
        w.cancel();
        assertThatThrownBy(() -> driver.stat("/up/data")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.writer("/up/data", true)).isInstanceOf(PathNotFoundException.class);
        assertThat(driver.list("/")).isEmpty();
    }

    @Test
    void writerAfreshDiscardsEarlierUncommittedContent() throws Exception {
        try (FileWriter w = driver.writer("/f", false)) {
            write(w, "abandoned");
        }
        FileWriter w = driver.writer("/f", false);
        assertThat(w.size()).isZero();
        write(w, "fresh");
        w.commit();
        assertThat(content("/f")).isEqualTo("fresh");
    }

    @Test
    void appendsToAZeroLengthCommittedFile() throws Exception {
        driver.putContent("/empty", new byte[0]);
        FileWriter w = driver.writer("/empty", true);
        assertThat(w.size()).isZero();
        write(w, "grown");
        w.commit();
        assertThat(content("/empty")).isEqualTo("grown");
    }

    @Test
    void appendsToNonEmptyCommittedContentAsDeclared() throws Exception {
        assertThat(driver.capabilities().appendToCommitted()).isTrue();
        driver.putContent("/f", bytes("committed|"));
        FileWriter w = driver.writer("/f", true);
        assertThat(w.size()).isEqualTo(10);
        write(w, "appended");
        assertThat(content("/f")).isEqualTo("committed|"); // unchanged until commit
        w.commit();
        assertThat(content("/f")).isEqualTo("committed|appended");
    }

    @Test
    void cancellingAnAppendToCommittedContentKeepsTheCommittedContent() throws Exception {
        driver.putContent("/f", bytes("kept"));
        FileWriter w = driver.writer("/f", true);
        write(w, "dropped");
        w.cancel();
        assertThat(content("/f")).isEqualTo("kept");
    }

    @Test
    void appendWithNothingToContinueIsPathNotFound() {
        assertThatThrownBy(() -> driver.writer("/nothing", true)).isInstanceOf(PathNotFoundException.class);
    }

    @Test
    void uncommittedContentNeverShowsInStatListOrWalk() throws Exception {
        FileWriter open = driver.writer("/hidden/open", false);
        write(open, "x");
        try (FileWriter closed = driver.writer("/hidden/closed", false)) {
            write(closed, "y");
        }
        assertThatThrownBy(() -> driver.stat("/hidden/open")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.stat("/hidden")).isInstanceOf(PathNotFoundException.class);
        assertThat(driver.list("/")).isEmpty();
        List<String> walked = new ArrayList<>();
        driver.walk("/", e -> {
            walked.add(e.path());
            return WalkAction.CONTINUE;
        });
        assertThat(walked).isEmpty();
        open.commit();
        assertThat(driver.list("/")).containsExactly("/hidden");
        assertThat(driver.list("/hidden")).containsExactly("/hidden/open");
    }

    @Test
    void writesAfterCommitCancelOrCloseFail() throws Exception {
        FileWriter committed = driver.writer("/a", false);
        committed.commit();
        FileWriter cancelled = driver.writer("/b", false);
        cancelled.cancel();
        FileWriter closed = driver.writer("/c", false);
        closed.close();
        for (FileWriter w : List.of(committed, cancelled, closed)) {
            assertThatThrownBy(() -> w.write(ByteBuffer.wrap(new byte[] {1}))).isInstanceOf(IOException.class);
            assertThat(w.isOpen()).isFalse();
        }
        assertThat(driver.getContent("/a")).isEmpty();
    }

    @Test
    void writerHandlesSmallLargeHeapAndDirectWrites() throws Exception {
        byte[] expected = new byte[3 * FilesystemWriter.DEFAULT_BUFFER_SIZE + 12345];
        new java.util.Random(7).nextBytes(expected);
        int[] chunks = {1, 100, 4096, FilesystemWriter.DEFAULT_BUFFER_SIZE + 3, 2 * FilesystemWriter.DEFAULT_BUFFER_SIZE};
        FileWriter w = driver.writer("/mixed", false);
        int offset = 0;
        int i = 0;
        while (offset < expected.length) {
            int n = Math.min(chunks[i % chunks.length], expected.length - offset);
            ByteBuffer source = (i % 2 == 0) ? ByteBuffer.allocateDirect(n) : ByteBuffer.allocate(n);
            source.put(expected, offset, n).flip();
            assertThat(w.write(source)).isEqualTo(n);
            assertThat(source.hasRemaining()).isFalse();
            offset += n;
            i++;
        }
        assertThat(w.size()).isEqualTo(expected.length);
        w.commit();
        assertThat(driver.getContent("/mixed")).isEqualTo(expected);
    }

    @Test
    void aSecondWriterForAnOpenPathIsRefused() throws Exception {
        FileWriter first = driver.writer("/f", false);
        write(first, "first");
        assertThatThrownBy(() -> driver.writer("/f", false))
                .isInstanceOf(StorageDriverException.class)
                .hasMessageContaining("another writer");
        assertThatThrownBy(() -> driver.writer("/f", true)).isInstanceOf(StorageDriverException.class);
        first.close();
        FileWriter second = driver.writer("/f", true);
        write(second, "+second");
        second.commit();
        assertThat(content("/f")).isEqualTo("first+second");
    }

    @Test
    void commitAfterTheUploadWasDeletedFailsAndStoresNothing() throws Exception {
        driver.putContent("/dir/other", bytes("o"));
        FileWriter w = driver.writer("/dir/f", false);
        write(w, "lost");
        driver.delete("/dir");
        assertThatThrownBy(w::commit).isInstanceOf(StorageDriverException.class).hasMessageContaining("deleted");
        assertThatThrownBy(() -> driver.stat("/dir/f")).isInstanceOf(PathNotFoundException.class);
    }

    // --- stat ----------------------------------------------------------------------------------

    @Test
    void statGivesFilesSizeAndTimeAndDirectoriesNoSize() throws Exception {
        driver.putContent("/d/f", bytes("12345"));
        FileInfo file = driver.stat("/d/f");
        assertThat(file.isDirectory()).isFalse();
        assertThat(file.size()).isEqualTo(5);
        assertThat(file.path()).isEqualTo("/d/f");
        FileInfo dir = driver.stat("/d");
        assertThat(dir.isDirectory()).isTrue();
        assertThat(dir.size()).isZero();
        assertThatThrownBy(() -> driver.stat("/missing")).isInstanceOf(PathNotFoundException.class);
    }

    @Test
    void aLaterOverwriteNeverGivesAnEarlierModTime() throws Exception {
        FileWriter slow = driver.writer("/f", false);
        write(slow, "written first, committed last");
        driver.putContent("/f", bytes("put"));
        var afterPut = driver.stat("/f").modTime();
        slow.commit();
        var afterCommit = driver.stat("/f").modTime();
        assertThat(afterCommit).isAfter(afterPut);
        for (int i = 0; i < 20; i++) {
            var before = driver.stat("/f").modTime();
            driver.putContent("/f", bytes("v" + i));
            assertThat(driver.stat("/f").modTime()).isAfter(before);
        }
    }

    // --- list ----------------------------------------------------------------------------------

    @Test
    void listGivesDirectChildrenSorted() throws Exception {
        driver.putContent("/a/z", bytes("1"));
        driver.putContent("/a/b/deep", bytes("2"));
        driver.putContent("/a/a-b", bytes("3"));
        driver.putContent("/ab", bytes("4"));
        assertThat(driver.list("/")).containsExactly("/a", "/ab");
        assertThat(driver.list("/a")).containsExactly("/a/a-b", "/a/b", "/a/z");
        assertThatThrownBy(() -> driver.list("/ab")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.list("/nope")).isInstanceOf(PathNotFoundException.class);
    }

    @Test
    void anEmptyStoreListsAndWalksNothing() throws Exception {
        assertThat(driver.list("/")).isEmpty();
        driver.walk("/", e -> {
            throw new AssertionError("visited " + e);
        });
    }

    @Test
    void foreignNamesAndTheDriversPrivateAreaStayInvisible() throws Exception {
        Files.writeString(root.resolve("has space"), "x");
        Files.writeString(root.resolve("ok"), "y");
        assertThat(driver.list("/")).containsExactly("/ok");
    }

    // --- walk ----------------------------------------------------------------------------------

    @Test
    void walkVisitsInFlatListingOrder() throws Exception {
        for (String p : List.of("/a/x", "/a-b/y", "/a.c", "/b", "/a/d/e")) {
            driver.putContent(p, bytes(p));
        }
        List<String> visited = new ArrayList<>();
        driver.walk("/", e -> {
            visited.add(e.path() + (e.isDirectory() ? "/" : ""));
            return WalkAction.CONTINUE;
        });
        assertThat(visited).containsExactly("/a-b/", "/a-b/y", "/a.c", "/a/", "/a/d/", "/a/d/e", "/a/x", "/b");
    }

    @Test
    void walkSkipsSubtreesAndStops() throws Exception {
        for (String p : List.of("/r/a/1", "/r/a/2", "/r/b", "/r/c/3")) {
            driver.putContent(p, bytes(p));
        }
        List<String> visited = new ArrayList<>();
        driver.walk("/r", e -> {
            visited.add(e.path());
            if (e.path().equals("/r/a") || e.path().equals("/r/b")) {
                return WalkAction.SKIP_SUBTREE;
            }
            return e.path().equals("/r/c") ? WalkAction.STOP : WalkAction.CONTINUE;
        });
        assertThat(visited).containsExactly("/r/a", "/r/b", "/r/c");
        assertThatThrownBy(() -> driver.walk("/r/b", e -> WalkAction.CONTINUE)).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.walk("/none", e -> WalkAction.CONTINUE)).isInstanceOf(PathNotFoundException.class);
    }

    // --- move ----------------------------------------------------------------------------------

    @Test
    void moveReplacesDestinationCreatesParentsAndLeavesNoGhosts() throws Exception {
        driver.putContent("/src/deep/f", bytes("moved"));
        driver.putContent("/dst/g", bytes("replaced"));
        driver.move("/src/deep/f", "/dst/g");
        assertThat(content("/dst/g")).isEqualTo("moved");
        driver.putContent("/src2/h", bytes("h"));
        driver.move("/src2/h", "/new/parents/h");
        assertThat(content("/new/parents/h")).isEqualTo("h");
        assertThat(driver.list("/")).containsExactly("/dst", "/new");
        assertThat(root.resolve("src")).doesNotExist();
        assertThat(root.resolve("src2")).doesNotExist();
    }

    @Test
    void moveOfAMissingSourceLeavesTheDestinationUntouched() throws Exception {
        driver.putContent("/dst", bytes("kept"));
        assertThatThrownBy(() -> driver.move("/missing", "/dst")).isInstanceOf(PathNotFoundException.class);
        driver.putContent("/dir/x", bytes("x"));
        assertThatThrownBy(() -> driver.move("/dir", "/dst")).isInstanceOf(PathNotFoundException.class);
        assertThat(content("/dst")).isEqualTo("kept");
    }

    @Test
    void moveOntoItselfKeepsTheFile() throws Exception {
        driver.putContent("/f", bytes("same"));
        driver.move("/f", "/f");
        assertThat(content("/f")).isEqualTo("same");
    }

    // --- delete --------------------------------------------------------------------------------

    @Test
    void deleteIsRecursiveNeverTouchesSiblingsWithTheSamePrefixAndLeavesNoGhosts() throws Exception {
        driver.putContent("/x/a/1", bytes("1"));
        driver.putContent("/x/a/b/2", bytes("2"));
        driver.putContent("/x/ab", bytes("3"));
        driver.putContent("/x/a-c/4", bytes("4"));
        driver.delete("/x/a");
        assertThat(driver.list("/x")).containsExactly("/x/a-c", "/x/ab");
        driver.delete("/x/ab");
        driver.delete("/x/a-c/4");
        assertThat(driver.list("/")).isEmpty();
        try (Stream<java.nio.file.Path> files = Files.list(root)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("#stowage");
        }
        assertThatThrownBy(() -> driver.delete("/x")).isInstanceOf(PathNotFoundException.class);
    }

    @Test
    void deleteRemovesUncommittedUploadsBelow() throws Exception {
        driver.putContent("/u/keep-dir-alive", bytes("k"));
        try (FileWriter w = driver.writer("/u/upload/data", false)) {
            write(w, "pending");
        }
        driver.delete("/u");
        assertThatThrownBy(() -> driver.writer("/u/upload/data", true)).isInstanceOf(PathNotFoundException.class);
        try (Stream<java.nio.file.Path> files = Files.list(root.resolve("#stowage/uploads"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void privateUploadDirectoriesStayOnlyWhereTheVisibleTreeHasDirectories() throws Exception {
        java.nio.file.Path uploads = root.resolve("#stowage/uploads");
        driver.putContent("/repo/other", bytes("o"));
        driver.putContent("/repo/_uploads/1/startedat", bytes("t"));
        try (FileWriter w = driver.writer("/repo/_uploads/1/data", false)) {
            write(w, "x");
            w.commit();
        }
        // the visible _uploads/1 is still there (startedat): its private counterpart stays for the next upload
        assertThat(uploads.resolve("repo/_uploads/1")).isEmptyDirectory();
        driver.move("/repo/_uploads/1/data", "/repo/blob");
        driver.delete("/repo/_uploads/1");
        // the visible _uploads went with its last entry; the private one follows; repo stays on both sides
        assertThat(uploads.resolve("repo/_uploads")).doesNotExist();
        assertThat(uploads.resolve("repo")).isEmptyDirectory();
        driver.delete("/repo/other");
        driver.delete("/repo/blob");
        assertThat(driver.list("/")).isEmpty();
        try (Stream<java.nio.file.Path> files = Files.list(uploads)) {
            assertThat(files).as("nothing private outlives the visible tree").isEmpty();
        }
    }

    @Test
    void redirectUrlIsEmpty() throws Exception {
        driver.putContent("/f", bytes("x"));
        assertThat(driver.redirectUrl("/f", new RedirectRequest("GET", Duration.ofMinutes(5)))).isEmpty();
        assertThat(driver.capabilities().redirect()).isFalse();
    }
}
