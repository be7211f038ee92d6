package dev.stowage.driver.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.driver.FileWriter;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * Writers continued after close, from new driver instances (as after a process restart), and the
 * upload bookkeeping past S3's 1000-entry pages.
 */
class S3ResumeAndPaginationTest {

    private static final int MIB = 1024 * 1024;

    private Map<String, Object> parameters;
    private String root;
    private S3Client raw;
    private final List<StorageDriver> drivers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        parameters = S3MockServer.parameters();
        parameters.put("chunksize", "5MiB");
        root = ((String) parameters.get("rootdirectory")).substring(1);
        raw = S3MockServer.rawClient();
    }

    @AfterEach
    void tearDown() throws IOException {
        for (StorageDriver d : drivers) {
            d.close();
        }
        raw.close();
    }

    /** A new driver instance on the same bucket and root, as a restarted process would make. */
    private StorageDriver newDriver() throws IOException {
        StorageDriver d = S3MockServer.driver(parameters);
        drivers.add(d);
        return d;
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Runs {@code action(0..count-1)} on a few threads, to set up many keys or uploads quickly. */
    private static void inParallel(int count, IntConsumer action) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> action.accept(n)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private List<MultipartUpload> rawUploads(String prefix) {
        List<MultipartUpload> all = new ArrayList<>();
        raw.listMultipartUploadsPaginator(r -> r.bucket(S3MockServer.BUCKET).prefix(prefix)).uploads().forEach(all::add);
        return all;
    }

    @Test
    void closedWriterContinuesFromANewDriverInstanceWithShortTailsKept() throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        // session sizes: a short tail only; a part and a tail; a tail that completes a part; a tail of exactly 5 MiB
        int[] sessions = {300_000, 7 * MIB + 11, 4 * MIB, 5 * MIB, 1};
        for (int i = 0; i < sessions.length; i++) {
            StorageDriver d = newDriver();
            FileWriter w = d.writer("/uploads/blob", i > 0);
            assertThat(w.size()).isEqualTo(expected.size());
            byte[] chunk = random(sessions[i], i);
            w.write(ByteBuffer.wrap(chunk));
            expected.write(chunk);
            w.close();
            d.close();
            // nothing committed yet, and the hidden tail never shows
            StorageDriver observer = newDriver();
            assertThatThrownBy(() -> observer.stat("/uploads/blob")).isInstanceOf(PathNotFoundException.class);
            assertThat(observer.list("/")).isEmpty();
        }
        StorageDriver last = newDriver();
        FileWriter w = last.writer("/uploads/blob", true);
        assertThat(w.size()).isEqualTo(expected.size());
        w.commit();
        assertThat(newDriver().getContent("/uploads/blob")).isEqualTo(expected.toByteArray());
        assertThat(rawUploads(root + "/")).isEmpty();
        List<String> keys = new ArrayList<>();
        raw.listObjectsV2Paginator(r -> r.bucket(S3MockServer.BUCKET).prefix(root + "/")).contents()
                .forEach(o -> keys.add(o.key()));
        assertThat(keys).containsExactly(root + "/uploads/blob");
    }

    @Test
    void aResumeFindsTheSessionAnotherProcessStartedAfterThisOneClosedItsOwn() throws IOException {
        StorageDriver first = newDriver();
        StorageDriver second = newDriver();
        try (FileWriter w = first.writer("/fresh-elsewhere", false)) {
            w.write(ByteBuffer.wrap(new byte[] {1, 1, 1}));
        }
        try (FileWriter w = second.writer("/fresh-elsewhere", false)) { // aborts the first session
            w.write(ByteBuffer.wrap(new byte[] {2, 2, 2, 2, 2}));
        }
        try (FileWriter w = first.writer("/fresh-elsewhere", true)) {
            assertThat(w.size()).as("the second process's session, not the one this driver closed").isEqualTo(5);
            w.commit();
        }
        assertThat(first.getContent("/fresh-elsewhere")).containsExactly(2, 2, 2, 2, 2);
    }

    @Test
    void aSessionThisProcessClosedAndAnotherCommittedIsNotResumed() throws IOException {
        StorageDriver first = newDriver();
        StorageDriver second = newDriver();
        try (FileWriter w = first.writer("/committed-elsewhere", false)) {
            w.write(ByteBuffer.wrap(new byte[] {1}));
        }
        try (FileWriter w = second.writer("/committed-elsewhere", true)) {
            w.write(ByteBuffer.wrap(new byte[] {2}));
            w.commit();
        }
        assertThatThrownBy(() -> first.writer("/committed-elsewhere", true))
                .as("the committed object, which s3 cannot append to").isInstanceOf(IOException.class)
                .hasMessageContaining("cannot append to committed content");
        assertThat(first.getContent("/committed-elsewhere")).containsExactly(1, 2);
    }

    @Test
    void freshWriterAbortsEveryEarlierUploadOfTheKeyPastTheFirstPage() throws Exception {
        String key = root + "/many";
        inParallel(1005, i -> raw.createMultipartUpload(r -> r.bucket(S3MockServer.BUCKET).key(key)));
        ListMultipartUploadsResponse firstPage = raw.listMultipartUploads(r -> r.bucket(S3MockServer.BUCKET).prefix(key));
        assertThat(firstPage.isTruncated()).as("the server pages at 1000 uploads").isTrue();

        StorageDriver d = newDriver();
        FileWriter w = d.writer("/many", false);
        w.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        w.close();
        assertThat(rawUploads(key)).hasSize(1);
        FileWriter resumed = newDriver().writer("/many", true);
        assertThat(resumed.size()).isEqualTo(3);
        resumed.commit();
        assertThat(d.getContent("/many")).containsExactly(1, 2, 3);
        assertThat(rawUploads(key)).isEmpty();
    }

    @Test
    void resumeCountsMoreThanOneThousandParts() throws Exception {
        String key = root + "/parts";
        String uploadId = raw.createMultipartUpload(r -> r.bucket(S3MockServer.BUCKET).key(key)).uploadId();
        // S3Mock does not enforce the 5 MiB minimum on UploadPart, so 1001 small parts are cheap
        inParallel(1001, i -> raw.uploadPart(r -> r.bucket(S3MockServer.BUCKET).key(key).uploadId(uploadId).partNumber(i + 1),
                RequestBody.fromBytes(new byte[] {(byte) i, (byte) (i >> 8)})));
        assertThat(raw.listParts(r -> r.bucket(S3MockServer.BUCKET).key(key).uploadId(uploadId)).isTruncated())
                .as("the server pages at 1000 parts").isTrue();

        FileWriter w = newDriver().writer("/parts", true);
        assertThat(w.size()).isEqualTo(2 * 1001);
        w.cancel();
        assertThat(rawUploads(key)).isEmpty();
    }

    @Test
    void deleteAbortsMoreThanOneThousandUploadsInFlightBelowTheDirectory() throws Exception {
        StorageDriver d = newDriver();
        d.putContent("/dir/kept-sibling-file", new byte[] {1});
        d.putContent("/dirx/other", new byte[] {2});
        inParallel(1003, i -> raw.createMultipartUpload(r -> r.bucket(S3MockServer.BUCKET).key(root + "/dir/sub/f" + i)));
        FileWriter w = d.writer("/dir/with-tail", false);
        w.write(ByteBuffer.wrap(new byte[100]));
        w.close();
        raw.createMultipartUpload(r -> r.bucket(S3MockServer.BUCKET).key(root + "/dirx/pending"));

        d.delete("/dir");

        assertThat(rawUploads(root + "/dir/")).isEmpty();
        assertThat(rawUploads(root + "/dirx/")).hasSize(1);
        assertThat(d.list("/")).containsExactly("/dirx");
        List<String> keys = new ArrayList<>();
        raw.listObjectsV2Paginator(r -> r.bucket(S3MockServer.BUCKET).prefix(root + "/")).contents()
                .forEach(o -> keys.add(o.key()));
        assertThat(keys).containsExactly(root + "/dirx/other");
    }

    @Test
    void deleteRemovesMoreThanOneThousandFilesInBatchesButNotKeysSharingThePrefix() throws Exception {
        StorageDriver d = newDriver();
        inParallel(1205, i -> raw.putObject(r -> r.bucket(S3MockServer.BUCKET).key(root + "/d/" + (i % 3) + "/f" + i),
                RequestBody.fromBytes(new byte[] {1})));
        d.putContent("/d", new byte[0]); // a file at the directory's own key (undefined for callers, but its key is ours)
        d.putContent("/d0", new byte[] {1});
        d.putContent("/d-x/y", new byte[] {1});
        d.delete("/d");
        assertThat(d.list("/")).containsExactly("/d-x", "/d0");
        assertThatThrownBy(() -> d.stat("/d")).isInstanceOf(PathNotFoundException.class);
    }
}
