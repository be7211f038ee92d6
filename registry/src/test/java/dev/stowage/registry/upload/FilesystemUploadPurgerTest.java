package dev.stowage.registry.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import dev.stowage.registry.Registry;
import dev.stowage.registry.blob.BlobWriter;
import dev.stowage.registry.layout.Layout;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upload purger on the filesystem driver, each case in a fresh folder. */
class FilesystemUploadPurgerTest extends UploadPurgerSuite {

    @TempDir
    Path root;

    @Override
    protected StorageDriver newDriver() throws Exception {
        return StorageDrivers.create("filesystem", Map.of("rootdirectory", root.toString()));
    }

    @Override
    protected boolean openWriterOutlivesDelete() {
        return false;
    }

    @Test
    void purgingAnUploadAlsoRemovesTheDataTheDriverKeepsOutOfSight() throws Exception {
        String id;
        try (Registry registry = Registry.builder(driver).clock(Clock.fixed(NOW.minus(Duration.ofDays(8)), ZoneOffset.UTC))
                .build(); BlobWriter writer = registry.blobs(REPO).create()) {
            id = writer.id();
            writer.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        }
        Path hidden = root.resolve("#stowage/uploads").resolve(Layout.uploadData(REPO, id).substring(1));
        assertThat(hidden).exists();
        new UploadPurger(driver, Clock.fixed(NOW, ZoneOffset.UTC)).purge(Duration.ofDays(7), false);
        assertThat(hidden).doesNotExist();
    }
}
