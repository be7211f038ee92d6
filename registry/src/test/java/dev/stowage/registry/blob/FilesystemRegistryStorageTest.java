package dev.stowage.registry.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import dev.stowage.registry.Digest;
import dev.stowage.registry.RegistryOptions;
import dev.stowage.registry.cache.BlobDescriptorCache;
import dev.stowage.registry.layout.Layout;
import java.io.EOFException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry storage suite on the filesystem driver, each case in a fresh folder. */
class FilesystemRegistryStorageTest extends RegistryStorageSuite {

    @TempDir
    Path root;

    @Override
    protected StorageDriver newDriver() throws Exception {
        return StorageDrivers.create("filesystem", Map.of("rootdirectory", root.toString()));
    }

    @Override
    protected StorageDriver sameStore(StorageDriver driver) throws Exception {
        return newDriver();
    }

    @Test
    void aBlobGoesFromItsFileToAChannelThroughDirectBuffersOnly() throws Exception {
        byte[] content = random(1_000_000, 70);
        BlobStore blobs = open(driver, BlobDescriptorCache.none(), RegistryOptions.defaults().withRedirect(false)).blobs(REPO);
        Digest digest = upload(blobs, content).digest();

        ChannelSink whole = new ChannelSink();
        ((BlobResponse.Content) blobs.serve(BlobRequest.get(digest))).body().orElseThrow().writeTo(whole);
        assertThat(whole.toByteArray()).isEqualTo(content);
        assertThat(whole.directWrites).as("direct buffers written").isEqualTo(8); // 1 MB through 128 KiB
        assertThat(whole.heapWrites).as("heap buffers written").isZero();

        assertThat(body(blobs.serve(BlobRequest.get(digest).withRange("bytes=131000-400000"))))
                .isEqualTo(Arrays.copyOfRange(content, 131_000, 400_001));
    }

    @Test
    void aBlobFileShorterThanItsDescriptorFailsItsAnswerThroughAChannelToo() throws Exception {
        byte[] content = random(300_000, 71);
        BlobStore blobs = open(driver, BlobDescriptorCache.none(), RegistryOptions.defaults().withRedirect(false)).blobs(REPO);
        Digest digest = upload(blobs, content).digest();
        BlobResponse.Body body = ((BlobResponse.Content) blobs.serve(BlobRequest.get(digest))).body().orElseThrow();
        try (FileChannel file = FileChannel.open(root.resolve(Layout.blobData(digest).substring(1)), StandardOpenOption.WRITE)) {
            file.truncate(200_000); // damage from outside the registry
        }

        ChannelSink sink = new ChannelSink();
        assertThatThrownBy(() -> body.writeTo(sink)).isInstanceOf(EOFException.class)
                .hasMessage("blob " + digest + " ended 100000 bytes before its stated size");
        assertThat(sink.size()).isEqualTo(200_000);
    }
}
