package dev.stowage.registry.blob;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.driver.StorageDriver;
import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.DigestAlgorithm;
import dev.stowage.registry.Registry;
import dev.stowage.registry.RegistryOptions;
import dev.stowage.registry.RepositoryName;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A 1 GiB blob uploaded in four resumed requests and downloaded again, in a test JVM whose heap
 * is far smaller than the blob (the build runs these with {@code -Xmx128m}): nothing may hold the
 * whole blob. Checked by SHA-256 on both ends.
 */
abstract class LargeBlobSuite {

    private static final long SIZE = 1L << 30;
    private static final int CHUNK = 1 << 20;
    private static final int REQUESTS = 4;

    protected abstract StorageDriver newDriver() throws Exception;

    @Test
    void oneGibibyteUploadedInResumedRequestsAndReadBackWithASmallHeap() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).as("heap limit").isLessThan(256L << 20);
        try (StorageDriver driver = newDriver();
             Registry registry = Registry.builder(driver).options(RegistryOptions.defaults().withRedirect(false)).build()) {
            var blobs = registry.blobs(new RepositoryName("large/blob"));
            MessageDigest expected = DigestAlgorithm.SHA256.newMessageDigest();
            SplittableRandom random = new SplittableRandom(42);
            byte[] chunk = new byte[CHUNK];
            String id;
            Instant startedAt;
            try (BlobWriter first = blobs.create()) { // a POST: nothing stored yet
                id = first.id();
                startedAt = first.startedAt();
            }
            long written = 0;
            Descriptor stored = null;
            for (int request = 0; request < REQUESTS; request++) {
                // the first PATCH vouches for the upload (the server: with the POST's token), later ones find it stored
                try (BlobWriter writer = request == 0 ? blobs.resume(id, startedAt, 0) : blobs.resume(id)) {
                    assertThat(writer.size()).isEqualTo(written);
                    long end = SIZE / REQUESTS * (request + 1);
                    while (written < end) {
                        random.nextBytes(chunk);
                        expected.update(chunk);
                        writer.write(ByteBuffer.wrap(chunk));
                        written += CHUNK;
                    }
                    if (request == REQUESTS - 1) {
                        stored = writer.commit(Digest.of(DigestAlgorithm.SHA256, expected.digest()), SIZE);
                    }
                }
            }
            assertThat(stored.size()).isEqualTo(SIZE);

            MessageDigest actual = DigestAlgorithm.SHA256.newMessageDigest();
            long[] count = {0};
            BlobResponse response = blobs.serve(BlobRequest.get(stored.digest()));
            ((BlobResponse.Content) response).body().orElseThrow().writeTo(new OutputStream() {
                @Override
                public void write(int b) {
                    actual.update((byte) b);
                    count[0]++;
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    actual.update(b, off, len);
                    count[0] += len;
                }
            });
            assertThat(count[0]).isEqualTo(SIZE);
            assertThat(Digest.of(DigestAlgorithm.SHA256, actual.digest())).isEqualTo(stored.digest());
        }
    }
}
