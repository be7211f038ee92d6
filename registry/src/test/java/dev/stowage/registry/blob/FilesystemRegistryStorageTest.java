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
    void aBlobLongerThanTheBufferGoesToAChannelStraightFromItsMappedFileAndAShorterOneThroughADirectBuffer() throws Exception {
        byte[] content = random(1_000_000, 70);
        BlobStore blobs = open(driver, BlobDescriptorCache.none(), RegistryOptions.defaults().withRedirect(false)).blobs(REPO);
        Digest digest = upload(blobs, content).digest();

        ChannelSink whole = new ChannelSink();
        ((BlobResponse.Content) blobs.serve(BlobRequest.get(digest))).body().orElseThrow().writeTo(whole);
        assertThat(whole.toByteArray()).isEqualTo(content);
        // one write of one mapping of the whole file (a read buffer holds 128 KiB)
        assertThat(whole.capacities).as("the capacity of each buffer written").containsExactly(1_000_000);
        assertThat(whole.directWrites).as("direct buffers written").isEqualTo(1);
        assertThat(whole.heapWrites).as("heap buffers written").isZero();

        ChannelSink range = new ChannelSink();
        ((BlobResponse.Content) blobs.serve(BlobRequest.get(digest).withRange("bytes=131000-400000"))).body().orElseThrow()
                .writeTo(range);
        assertThat(range.toByteArray()).isEqualTo(Arrays.copyOfRange(content, 131_000, 400_001));
        assertThat(range.capacities).as("the capacity of each buffer written for the range").containsExactly(269_001);

        int buffer = RegistryOptions.defaults().bufferSize();
        ChannelSink small = new ChannelSink();
        ((BlobResponse.Content) blobs.serve(BlobRequest.get(digest).withRange("bytes=10-" + (10 + buffer - 1)))).body()
                .orElseThrow().writeTo(small);
        assertThat(small.toByteArray()).isEqualTo(Arrays.copyOfRange(content, 10, 10 + buffer));
        assertThat(small.capacities).as("a range of one buffer is read into a read buffer, not mapped")
                .containsExactly(buffer);
        assertThat(small.directWrites).as("direct buffers written for one buffer's range").isEqualTo(1);
        assertThat(small.heapWrites).isZero();
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
