package dev.stowage.driver.azure;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.specialized.BlockBlobClient;
import com.azure.storage.common.StorageSharedKeyCredential;
import dev.stowage.driver.FileInfo;
import dev.stowage.driver.FileWriter;
import dev.stowage.driver.InvalidOffsetException;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.UnsupportedMethodException;
import dev.stowage.driver.WalkAction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The driver's own behaviour against Azurite: paths, listing, moves, and the block-blob writer. */
class AzureDriverTest {

    private static final int CHUNK = 1024;

    private Map<String, Object> parameters;
    private StorageDriver driver;

    @BeforeEach
    void openDriver() throws IOException {
        parameters = Azurite.get().parameters();
        parameters.put("chunksize", "1KiB");
        driver = TestDrivers.create(parameters);
    }

    @AfterEach
    void closeDriver() throws IOException {
        driver.close();
    }

    @Test
    void filesAndImplicitDirectoriesAreStoredAsBlobs() throws IOException {
        driver.putContent("/a/b/c", bytes("c"));
        driver.putContent("/a/b-x", bytes("bx"));
        driver.putContent("/ab", bytes("ab"));

        assertThat(driver.getContent("/a/b-x")).isEqualTo(bytes("bx"));
        assertThat(driver.stat("/a/b/c")).extracting(FileInfo::size, FileInfo::isDirectory).containsExactly(1L, false);
        assertThat(driver.stat("/a/b").isDirectory()).isTrue();
        assertThat(driver.list("/a")).containsExactly("/a/b", "/a/b-x");
        assertThat(driver.list("/")).containsExactly("/a", "/ab");
        assertThatThrownBy(() -> driver.getContent("/a/b")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.list("/a/b/c")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.stat("/a/bc")).isInstanceOf(PathNotFoundException.class)
                .hasMessageContaining("/a/bc").hasMessageContaining("azure");
    }

    @Test
    void deleteRemovesEverythingBelowButNeverASiblingWithTheSamePrefix() throws IOException {
        driver.putContent("/a", bytes("file a"));
        driver.putContent("/a/x", bytes("x"));
        driver.putContent("/a/y/z", bytes("z"));
        driver.putContent("/ab", bytes("ab"));
        driver.putContent("/a-b/c", bytes("c"));

        driver.delete("/a");

        assertThat(driver.list("/")).containsExactly("/a-b", "/ab");
        assertThat(driver.getContent("/ab")).isEqualTo(bytes("ab"));
        assertThatThrownBy(() -> driver.delete("/a")).isInstanceOf(PathNotFoundException.class);
    }

    @Test
    void readerStartsAtTheOffsetAndRefusesOffsetsPastTheEnd() throws IOException {
        byte[] content = random(5000, 1);
        driver.putContent("/r/f", content);

        try (InputStream in = driver.reader("/r/f", 4000)) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(content, 4000, 5000));
        }
        try (InputStream in = driver.reader("/r/f", 5000)) {
            assertThat(in.readAllBytes()).isEmpty();
        }
        assertThatThrownBy(() -> driver.reader("/r/f", 5001)).isInstanceOf(InvalidOffsetException.class);
        assertThatThrownBy(() -> driver.reader("/r", 0)).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.reader("/r/missing", 0)).isInstanceOf(PathNotFoundException.class);
    }

    @Test
    void moveCopiesOnTheServerThenRemovesTheSource() throws IOException {
        byte[] content = random(3000, 2);
        driver.putContent("/m/src", content);
        driver.putContent("/m/dst", bytes("old"));

        driver.move("/m/src", "/m/dst");

        assertThat(driver.getContent("/m/dst")).isEqualTo(content);
        assertThatThrownBy(() -> driver.stat("/m/src")).isInstanceOf(PathNotFoundException.class);
    }

    @Test
    void moveOfAMissingSourceLeavesTheDestinationAlone() throws IOException {
        driver.putContent("/m/dst", bytes("kept"));

        assertThatThrownBy(() -> driver.move("/m/none", "/m/dst")).isInstanceOf(PathNotFoundException.class)
                .hasMessageContaining("/m/none");
        assertThat(driver.getContent("/m/dst")).isEqualTo(bytes("kept"));
    }

    @Test
    void listAndWalkFollowContinuationTokensAcrossPages() throws IOException {
        try (StorageDriver paged = TestDrivers.create(parameters, List.of(), 2)) {
            List<String> files = List.of("/d/a-b/y", "/d/a.c", "/d/a/x", "/d/b", "/d/c/1", "/d/c/2", "/d/c/3", "/d/e");
            for (String f : files) {
                paged.putContent(f, bytes(f));
            }
            assertThat(paged.list("/d")).containsExactly("/d/a", "/d/a-b", "/d/a.c", "/d/b", "/d/c", "/d/e");
            assertThat(paged.list("/d/c")).containsExactly("/d/c/1", "/d/c/2", "/d/c/3");

            List<String> walked = new ArrayList<>();
            paged.walk("/d", entry -> {
                walked.add(entry.path() + (entry.isDirectory() ? "/" : ""));
                return WalkAction.CONTINUE;
            });
            // a directory counts with a trailing '/', so "-" and "." sort before it
            assertThat(walked).containsExactly("/d/a-b/", "/d/a-b/y", "/d/a.c", "/d/a/", "/d/a/x", "/d/b",
                    "/d/c/", "/d/c/1", "/d/c/2", "/d/c/3", "/d/e");

            paged.delete("/d");
            assertThat(paged.list("/")).isEmpty();
        }
    }

    @Test
    void aWriterShowsNothingBeforeCommitAndExactlyItsBytesAfter() throws IOException {
        byte[] content = random(3 * CHUNK + 100, 3);
        FileWriter writer = driver.writer("/w/f", false);
        write(writer, content, 333);
        assertThat(writer.size()).isEqualTo(content.length);

        // three chunks are staged as blocks by now: none of it may show through
        assertThatThrownBy(() -> driver.stat("/w/f")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.list("/w")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.reader("/w/f", 0)).isInstanceOf(PathNotFoundException.class);
        List<String> walked = new ArrayList<>();
        driver.walk("/", e -> {
            walked.add(e.path());
            return WalkAction.CONTINUE;
        });
        assertThat(walked).isEmpty();

        writer.commit();
        assertThat(driver.getContent("/w/f")).isEqualTo(content);
        assertThat(driver.stat("/w/f").size()).isEqualTo(content.length);
    }

    @Test
    void aClosedWriterIsContinuedByANewDriverInstance() throws IOException {
        byte[] first = random(2 * CHUNK + 500, 4);
        byte[] second = random(CHUNK + 7, 5);
        try (FileWriter writer = driver.writer("/up/data", false)) {
            write(writer, first, 700);
        }

        try (StorageDriver other = TestDrivers.create(parameters)) {
            FileWriter resumed = other.writer("/up/data", true);
            assertThat(resumed.size()).isEqualTo(first.length);
            write(resumed, second, 1000);
            assertThat(resumed.size()).isEqualTo(first.length + second.length);
            resumed.commit();
        }

        assertThat(driver.getContent("/up/data")).isEqualTo(concat(first, second));
    }

    @Test
    void aWriterClosedWithoutBytesIsContinuedWithSizeZero() throws IOException {
        driver.writer("/up/empty", false).close();
        // nothing shows meanwhile: no empty blob is committed to be continued
        assertThatThrownBy(() -> driver.stat("/up/empty")).isInstanceOf(PathNotFoundException.class);
        assertThat(driver.list("/")).isEmpty();

        FileWriter resumed = driver.writer("/up/empty", true);
        assertThat(resumed.size()).isZero();
        write(resumed, bytes("late"), 10);
        resumed.commit();

        assertThat(driver.getContent("/up/empty")).isEqualTo(bytes("late"));
    }

    @Test
    void aFreshWriterDiscardsEarlierUncommittedContent() throws IOException {
        try (FileWriter old = driver.writer("/up/f", false)) {
            write(old, random(2 * CHUNK, 6), CHUNK);
        }
        byte[] fresh = random(CHUNK + 1, 7);
        try (FileWriter writer = driver.writer("/up/f", false)) {
            write(writer, fresh, 100);
        }

        FileWriter resumed = driver.writer("/up/f", true);
        assertThat(resumed.size()).isEqualTo(fresh.length);
        resumed.commit();
        assertThat(driver.getContent("/up/f")).isEqualTo(fresh);
    }

    @Test
    void cancelDiscardsEverySession() throws IOException {
        try (FileWriter writer = driver.writer("/up/c", false)) {
            write(writer, random(2 * CHUNK, 8), 512);
        }
        FileWriter resumed = driver.writer("/up/c", true);
        write(resumed, random(CHUNK, 9), 512);

        resumed.cancel();

        assertThatThrownBy(() -> driver.writer("/up/c", true)).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.stat("/up/c")).isInstanceOf(PathNotFoundException.class);
        assertThat(driver.list("/")).isEmpty();
    }

    @Test
    void cancelLeavesCommittedContentAsItWasAndNothingToContinue() throws IOException {
        driver.putContent("/up/k", bytes("earlier"));
        try (FileWriter writer = driver.writer("/up/k", false)) {
            write(writer, random(2 * CHUNK, 12), 512);
        }
        FileWriter resumed = driver.writer("/up/k", true);
        assertThat(resumed.size()).isEqualTo(2 * CHUNK);
        write(resumed, random(CHUNK, 13), 512);

        resumed.cancel();

        assertThat(driver.getContent("/up/k")).isEqualTo(bytes("earlier"));
        assertThat(driver.stat("/up/k").size()).isEqualTo(7);
        // the cancelled session is not continued; the committed blob is not appended to
        assertThatThrownBy(() -> driver.writer("/up/k", true)).isInstanceOf(UnsupportedMethodException.class);
        // nor does a fresh writer closed empty over it change what shows
        driver.writer("/up/k", false).close();
        assertThat(driver.getContent("/up/k")).isEqualTo(bytes("earlier"));
        // a later session commits over the cancelled blocks
        byte[] last = random(CHUNK + 3, 14);
        FileWriter writer = driver.writer("/up/k", true);
        assertThat(writer.size()).isZero();
        write(writer, last, 1000);
        writer.commit();
        assertThat(driver.getContent("/up/k")).isEqualTo(last);
    }

    @Test
    void aPathWhoseOnlySessionWasCancelledOrClosedHasNothingToDelete() throws IOException {
        FileWriter cancelled = driver.writer("/gone/c", false);
        write(cancelled, random(CHUNK + 1, 17), 512);
        cancelled.cancel();
        assertThatThrownBy(() -> driver.delete("/gone/c")).isInstanceOf(PathNotFoundException.class);
        driver.writer("/gone/e", false).cancel();
        assertThatThrownBy(() -> driver.delete("/gone/e")).isInstanceOf(PathNotFoundException.class);
        // a closed session: delete discards it, and there was no file
        try (FileWriter closed = driver.writer("/gone/s", false)) {
            write(closed, random(CHUNK + 1, 18), 512);
        }
        assertThatThrownBy(() -> driver.delete("/gone/s")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.writer("/gone/s", true)).isInstanceOf(PathNotFoundException.class);
        // a committed file is deleted, sessions and all
        driver.putContent("/gone/f", bytes("x"));
        try (FileWriter closed = driver.writer("/gone/f", false)) {
            write(closed, random(CHUNK + 1, 19), 512);
        }
        driver.delete("/gone/f");
        assertThatThrownBy(() -> driver.stat("/gone/f")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.writer("/gone/f", true)).isInstanceOf(PathNotFoundException.class);
    }

    @Test
    void twoWritersContinuingOneSessionStageBlocksOfTheirOwnAndATagNamesWhoseAreContinued() throws IOException {
        byte[] start = random(2 * CHUNK, 20);
        FileWriter first = driver.writer("/t/f", false);
        write(first, start, 512);
        first.close();
        String kept = first.sessionTag().orElseThrow();
        FileWriter one = driver.writer("/t/f", true);
        FileWriter two = driver.writer("/t/f", true);
        assertThat(one.sessionTag()).contains(kept);
        byte[] a = random(CHUNK, 21);
        byte[] b = random(CHUNK, 22);
        write(one, a, 512);
        write(two, b, 512);
        one.close();
        two.close();
        // both staged a block at index 2, under IDs of their own: one of the two is continued, whole
        assertThat(one.sessionTag()).isPresent().isNotEqualTo(two.sessionTag()).isNotEqualTo(Optional.of(kept));
        FileWriter last = driver.writer("/t/f", true);
        assertThat(last.size()).isEqualTo(3 * CHUNK);
        Optional<String> found = last.sessionTag();
        assertThat(found).isIn(one.sessionTag(), two.sessionTag());
        last.commit();
        assertThat(driver.getContent("/t/f")).isEqualTo(concat(start, found.equals(one.sessionTag()) ? a : b));
    }

    @Test
    void blocksStagedBeforeWriterKeysAreContinued() throws IOException {
        // a session of the format before writer keys: "stw1", session, 10 decimal digits of index
        String blobName = ((String) parameters.get("rootdirectory")).substring(1) + "/old/f";
        BlockBlobClient blob = new BlobContainerClientBuilder().endpoint(Azurite.get().serviceUrl())
                .containerName((String) parameters.get("container"))
                .credential(new StorageSharedKeyCredential(Azurite.ACCOUNT, Azurite.KEY))
                .buildClient().getBlobClient(blobName).getBlockBlobClient();
        byte[] first = random(CHUNK, 23);
        byte[] second = random(CHUNK, 24);
        String session = BlockIds.newSession();
        for (int i = 0; i < 2; i++) {
            String id = Base64.getEncoder().encodeToString(("stw1" + session + String.format("%010d", i)).getBytes(UTF_8));
            blob.stageBlock(id, BinaryData.fromBytes(i == 0 ? first : second));
        }
        FileWriter resumed = driver.writer("/old/f", true);
        assertThat(resumed.size()).isEqualTo(2 * CHUNK);
        byte[] third = bytes("more");
        write(resumed, third, 10);
        resumed.commit();
        assertThat(driver.getContent("/old/f")).isEqualTo(concat(concat(first, second), third));
    }

    @Test
    void cancellingOneWriterLeavesANewerSessionToContinue() throws IOException {
        FileWriter older = driver.writer("/up/two", false);
        write(older, random(CHUNK, 15), 512);
        byte[] newer = random(CHUNK + 9, 16);
        try (FileWriter writer = driver.writer("/up/two", false)) {
            write(writer, newer, 512);
        }

        older.cancel();

        FileWriter resumed = driver.writer("/up/two", true);
        assertThat(resumed.size()).isEqualTo(newer.length);
        resumed.commit();
        assertThat(driver.getContent("/up/two")).isEqualTo(newer);
    }

    @Test
    void appendingToCommittedContentWorksOnlyWhenItIsEmpty() throws IOException {
        assertThat(driver.capabilities().appendToCommitted()).isFalse();
        driver.putContent("/c/full", bytes("x"));
        driver.putContent("/c/empty", new byte[0]);

        assertThatThrownBy(() -> driver.writer("/c/full", true)).isInstanceOf(UnsupportedMethodException.class);
        assertThat(driver.getContent("/c/full")).isEqualTo(bytes("x"));

        FileWriter writer = driver.writer("/c/empty", true);
        assertThat(writer.size()).isZero();
        write(writer, bytes("now"), 10);
        writer.commit();
        assertThat(driver.getContent("/c/empty")).isEqualTo(bytes("now"));

        assertThatThrownBy(() -> driver.writer("/c/none", true)).isInstanceOf(PathNotFoundException.class);
    }

    @Test
    void concurrentWritersToOnePathNeverInterleave() throws IOException {
        byte[] a = random(3 * CHUNK, 10);
        byte[] b = random(3 * CHUNK, 11);
        FileWriter first = driver.writer("/cw/f", false);
        FileWriter second = driver.writer("/cw/f", false);
        for (int i = 0; i < 3; i++) { // staged block by block, alternating
            first.write(ByteBuffer.wrap(a, i * CHUNK, CHUNK));
            second.write(ByteBuffer.wrap(b, i * CHUNK, CHUNK));
        }

        first.commit();
        assertThatThrownBy(second::commit).isInstanceOf(IOException.class);

        assertThat(driver.getContent("/cw/f")).isEqualTo(a);
    }

    @Test
    void capabilitiesDeclareTheBlockLimits() {
        assertThat(driver.capabilities().redirect()).isTrue();
        assertThat(driver.capabilities().minPartSize()).isEqualTo(CHUNK);
        assertThat(driver.capabilities().maxPartSize()).isEqualTo(4000L << 20);
        assertThat(driver.capabilities().maxFileSize()).isEqualTo(50_000L * CHUNK);
    }

    static void write(FileWriter writer, byte[] content, int piece) throws IOException {
        for (int off = 0; off < content.length; off += piece) {
            ByteBuffer src = ByteBuffer.wrap(content, off, Math.min(piece, content.length - off));
            while (src.hasRemaining()) {
                writer.write(src);
            }
        }
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
