package dev.stowage.driver.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.Storage;
import dev.stowage.driver.FileInfo;
import dev.stowage.driver.FileWriter;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.UnsupportedMethodException;
import dev.stowage.driver.WalkAction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GcsWriterSessionTest {

    private static final int CHUNK = 256 * 1024;
    private final LocalGcs gcs = new LocalGcs();

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static void write(FileWriter writer, byte[] data, int from, int to) throws IOException {
        // in uneven pieces, so chunk boundaries fall inside writes
        int pos = from;
        int step = 77_777;
        while (pos < to) {
            int n = Math.min(step, to - pos);
            writer.write(ByteBuffer.wrap(data, pos, n));
            pos += n;
            step = step * 3 % 150_001 + 1;
        }
    }

    private static byte[] read(StorageDriver driver, String path, long offset) throws IOException {
        try (InputStream in = driver.reader(path, offset)) {
            return in.readAllBytes();
        }
    }

    /**
     * The objects in the bucket. The fake also lists every upload that was started and never
     * finalised (without a size), which GCS does not: those are left out.
     */
    private List<String> rawKeys() {
        List<String> keys = new ArrayList<>();
        for (Blob blob : gcs.storage().list(LocalGcs.BUCKET).iterateAll()) {
            if (blob.getSize() != null) {
                keys.add(blob.getName());
            }
        }
        return keys;
    }

    @Test
    void closedWriterContinuesFromANewDriverOnANewClient() throws IOException {
        byte[] data = random(3 * CHUNK + 12_345, 1);
        int firstPart = CHUNK + 100_000; // one chunk sent, a tail buffered
        StorageDriver first = gcs.driver(Map.of("chunksize", (long) CHUNK, "rootdirectory", "reg"));
        FileWriter writer = first.writer("/uploads/u1/data", false);
        write(writer, data, 0, firstPart);
        writer.close();
        first.close();

        Storage restartedClient = gcs.newClient();
        try (StorageDriver second = LocalGcs.driver(restartedClient, Map.of("chunksize", (long) CHUNK, "rootdirectory", "reg"))) {
            FileWriter resumed = second.writer("/uploads/u1/data", true);
            assertThat(resumed.size()).isEqualTo(firstPart);
            write(resumed, data, firstPart, 2 * CHUNK + 5);
            resumed.close();

            FileWriter again = second.writer("/uploads/u1/data", true);
            assertThat(again.size()).isEqualTo(2 * CHUNK + 5);
            write(again, data, 2 * CHUNK + 5, data.length);
            again.commit();

            assertThat(read(second, "/uploads/u1/data", 0)).isEqualTo(data);
            assertThat(read(second, "/uploads/u1/data", CHUNK + 3)).isEqualTo(java.util.Arrays.copyOfRange(data, CHUNK + 3, data.length));
            assertThat(second.stat("/uploads/u1/data").size()).isEqualTo(data.length);
        }
        assertThat(rawKeys()).containsExactly("reg/uploads/u1/data");
    }

    @Test
    void sessionObjectsNeverShowThroughReaderStatListOrWalk() throws IOException {
        StorageDriver driver = gcs.driver(Map.of("chunksize", (long) CHUNK));
        driver.putContent("/a/committed", new byte[] {1});
        FileWriter writer = driver.writer("/a/pending/data", false);
        write(writer, random(CHUNK + 10, 2), 0, CHUNK + 10);
        writer.close();
        FileWriter top = driver.writer("/toplevel", false);
        top.write(ByteBuffer.wrap(new byte[] {5, 6}));
        top.close();

        // the session state really is in the bucket
        assertThat(rawKeys()).anyMatch(k -> k.startsWith(GcsLayout.SESSIONS + "a/pending/data"))
                .anyMatch(k -> k.startsWith(GcsLayout.SESSIONS + "toplevel"));

        assertThat(driver.list("/")).containsExactly("/a");
        assertThat(driver.list("/a")).containsExactly("/a/committed");
        assertThatThrownBy(() -> driver.stat("/a/pending")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.stat("/a/pending/data")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.stat("/toplevel")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.reader("/a/pending/data", 0)).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.getContent("/toplevel")).isInstanceOf(PathNotFoundException.class);
        List<String> walked = new ArrayList<>();
        driver.walk("/", e -> {
            walked.add(e.path());
            return WalkAction.CONTINUE;
        });
        assertThat(walked).containsExactly("/a", "/a/committed");
    }

    @Test
    void sessionStateHoldsNoCredentialsAndResumesWithTheCurrentClient() throws Exception {
        StorageDriver driver = LocalGcs.driver(gcs.storage().getOptions().toBuilder()
                .setCredentials(TestCredentials.signing()).build().getService(), Map.of("chunksize", (long) CHUNK));
        FileWriter writer = driver.writer("/f", false);
        write(writer, random(CHUNK + 1, 3), 0, CHUNK + 1);
        writer.close();
        byte[] state = gcs.storage().readAllBytes(LocalGcs.BUCKET, GcsLayout.SESSIONS + "f");
        String text = new String(state, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain(TestCredentials.CLIENT_EMAIL).doesNotContain("PRIVATE").doesNotContain("ServiceAccountCredentials");
        assertThat(driver.writer("/f", true).size()).isEqualTo(CHUNK + 1);
    }

    @Test
    void cancelOfAResumedWriterLeavesNothingInTheBucket() throws IOException {
        StorageDriver driver = gcs.driver(Map.of("chunksize", (long) CHUNK));
        FileWriter writer = driver.writer("/x/y", false);
        write(writer, random(2 * CHUNK + 7, 4), 0, 2 * CHUNK + 7);
        writer.close();
        FileWriter resumed = driver.writer("/x/y", true);
        resumed.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        resumed.cancel();
        assertThat(rawKeys()).isEmpty();
        assertThatThrownBy(() -> driver.writer("/x/y", true)).isInstanceOf(PathNotFoundException.class);
    }

    @Test
    void onlyOneWriterTakesOverAClosedSession() throws IOException {
        StorageDriver driver = gcs.driver(Map.of("chunksize", (long) CHUNK));
        FileWriter writer = driver.writer("/p", false);
        writer.write(ByteBuffer.wrap(new byte[] {9}));
        writer.close();
        FileWriter taken = driver.writer("/p", true);
        assertThatThrownBy(() -> driver.writer("/p", true)).isInstanceOf(PathNotFoundException.class);
        taken.write(ByteBuffer.wrap(new byte[] {8}));
        taken.commit();
        assertThat(driver.getContent("/p")).containsExactly(9, 8);
    }

    @Test
    void freshWriterDiscardsTheEarlierUncommittedSession() throws IOException {
        StorageDriver driver = gcs.driver(Map.of("chunksize", (long) CHUNK));
        FileWriter old = driver.writer("/p", false);
        old.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        old.close();
        FileWriter fresh = driver.writer("/p", false);
        assertThat(fresh.size()).isZero();
        fresh.write(ByteBuffer.wrap(new byte[] {4}));
        fresh.commit();
        assertThat(driver.getContent("/p")).containsExactly(4);
        assertThat(rawKeys()).containsExactly("p");
    }

    @Test
    void appendingToNonEmptyCommittedContentIsRefusedAndToEmptyContentWorks() throws IOException {
        StorageDriver driver = gcs.driver(Map.of());
        assertThat(driver.capabilities().appendToCommitted()).isFalse();
        driver.putContent("/full", new byte[] {1});
        assertThatThrownBy(() -> driver.writer("/full", true)).isInstanceOf(UnsupportedMethodException.class);
        driver.putContent("/empty", new byte[0]);
        FileWriter writer = driver.writer("/empty", true);
        writer.write(ByteBuffer.wrap(new byte[] {7}));
        writer.commit();
        assertThat(driver.getContent("/empty")).containsExactly(7);
        assertThatThrownBy(() -> driver.writer("/missing", true)).isInstanceOf(PathNotFoundException.class);
    }

    @Test
    void deleteRemovesUncommittedUploadsBelowThePathButNotOfASiblingWithTheSamePrefix() throws IOException {
        StorageDriver driver = gcs.driver(Map.of());
        driver.putContent("/a/f", new byte[] {1});
        driver.putContent("/ab/f", new byte[] {2});
        driver.putContent("/a", new byte[0]); // undefined for callers, but delete must not touch /ab either way
        FileWriter below = driver.writer("/a/up", false);
        below.write(ByteBuffer.wrap(new byte[] {3}));
        below.close();
        FileWriter sibling = driver.writer("/ab/up", false);
        sibling.write(ByteBuffer.wrap(new byte[] {4}));
        sibling.close();

        driver.delete("/a");

        assertThat(rawKeys()).containsExactlyInAnyOrder("ab/f", GcsLayout.SESSIONS + "ab/up");
        assertThat(driver.writer("/ab/up", true).size()).isEqualTo(1);
        assertThatThrownBy(() -> driver.writer("/a/up", true)).isInstanceOf(PathNotFoundException.class);
        FileInfo ab = driver.stat("/ab");
        assertThat(ab.isDirectory()).isTrue();
    }

    @Test
    void aWriterWaitsForTheBufferMemoryAnotherWriterHoldsUntilThatOneEnds() throws Exception {
        // the budget is one chunk: the upload channel of one writer at a time
        StorageDriver driver = gcs.driver(Map.of("chunksize", "256KiB", "buffermemory", "256KiB"));
        byte[] first = random(100_000, 1);
        byte[] second = random(300_000, 2);
        FileWriter holder = driver.writer("/budget/first", false);
        write(holder, first, 0, first.length);
        Thread waiting = new Thread(() -> {
            try (FileWriter writer = driver.writer("/budget/second", false)) {
                write(writer, second, 0, second.length);
                writer.commit();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        waiting.start();
        waiting.join(500);
        assertThat(waiting.isAlive()).as("the second writer waits while the first holds the only chunk").isTrue();
        holder.commit();
        holder.close();
        waiting.join(30_000);
        assertThat(waiting.isAlive()).as("the second writer went on once the first ended").isFalse();
        assertThat(driver.getContent("/budget/first")).isEqualTo(first);
        assertThat(driver.getContent("/budget/second")).isEqualTo(second);
    }
}
