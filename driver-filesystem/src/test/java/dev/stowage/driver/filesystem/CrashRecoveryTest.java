package dev.stowage.driver.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a root removes what killed processes left in its private folder, and nothing a live one needs. */
class CrashRecoveryTest {

    @TempDir
    Path root;

    private Path file(String relative, Instant modified) throws Exception {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[] {1, 2, 3});
        Files.setLastModifiedTime(p, FileTime.from(modified));
        return p;
    }

    @Test
    void deadWritersTemporaryFilesAndHalfDeletedTreesAreRemovedWhenARootIsOpened() throws Exception {
        Instant old = Instant.now().minusSeconds(60);
        Path deadTemp = file("#stowage/tmp/dead", old);
        Path futureTemp = file("#stowage/tmp/stamped-ahead", Instant.now().plusSeconds(3600));
        Path freshTemp = file("#stowage/tmp/fresh", Instant.now());
        Path lockedTemp = file("#stowage/tmp/locked", old);
        Path trash = file("#stowage/trash/6e0c/docker/registry/v2/_uploads/x/startedat", old);
        try (FileChannel channel = FileChannel.open(lockedTemp, StandardOpenOption.WRITE);
             FileLock lock = channel.lock();
             StorageDriver driver = StorageDrivers.create("filesystem", Map.of("rootdirectory", root.toString()))) {
            assertThat(lock.isValid()).isTrue();
            assertThat(deadTemp).doesNotExist();
            assertThat(futureTemp).as("a dead writer's file stamped by the driver's forward clock").doesNotExist();
            assertThat(trash.getParent()).doesNotExist();
            assertThat(root.resolve("#stowage/trash")).isEmptyDirectory();
            assertThat(freshTemp).as("maybe a live writer that has not locked it yet").exists();
            assertThat(lockedTemp).as("a live writer's, locked").exists();
            driver.putContent("/a", new byte[] {9});
            assertThat(driver.getContent("/a")).containsExactly(9);
        }
    }

    @Test
    void emptyUploadDirectoriesWithoutAVisibleCounterpartAreRemovedAndSessionsKept() throws Exception {
        Instant now = Instant.now();
        file("kept/visible", now);
        Path session = file("#stowage/uploads/gone/session/data", now);
        Files.createDirectories(root.resolve("#stowage/uploads/orphan/deeper"));
        Files.createDirectories(root.resolve("#stowage/uploads/kept/cached"));
        try (StorageDriver driver = StorageDrivers.create("filesystem", Map.of("rootdirectory", root.toString()))) {
            assertThat(session).as("an upload that can still be continued").exists();
            assertThat(root.resolve("#stowage/uploads/orphan")).doesNotExist();
            assertThat(root.resolve("#stowage/uploads/kept/cached")).doesNotExist();
            assertThat(root.resolve("#stowage/uploads/kept")).as("its visible counterpart is a directory").isDirectory();
            try (var writer = driver.writer("/gone/session/data", true)) {
                assertThat(writer.size()).isEqualTo(3);
            }
        }
    }
}
