package dev.stowage.driver.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.driver.FileWriter;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Full buffers of an upload are written with {@code O_DIRECT}, the rest through the page cache,
 * and the bytes come out the same either way. Which descriptors the JVM holds on the upload, and
 * with what flags, is read from Linux's {@code /proc/self/fdinfo}.
 */
class DirectWritesTest extends DriverFixture {

    private static final int O_DIRECT = 040000; // octal, as fdinfo prints flags (x86 and arm64 Linux)
    private static final int BUFFER = FilesystemWriter.DEFAULT_BUFFER_SIZE;

    @Test
    void anUploadContinuedAtAnOddSizeWritesItsFullBuffersDirectAndKeepsEveryByte() throws IOException {
        byte[] content = new byte[3 * BUFFER + 4097 + 1000];
        new Random(7).nextBytes(content);
        try (FileWriter w = driver.writer("/d/blob", false)) {
            w.write(ByteBuffer.wrap(content, 0, 1000));
            assertThat(directDescriptorsOn("/d/blob")).as("no buffer filled yet").isEmpty();
        }
        FileWriter w = driver.writer("/d/blob", true);
        // the first buffer fills up to the next 4 KiB boundary, so every full one after it is aligned
        for (int at = 1000; at < content.length; at += 65_537) {
            w.write(ByteBuffer.wrap(content, at, Math.min(65_537, content.length - at)));
        }
        assertThat(directDescriptorsOn("/d/blob")).as("a descriptor with O_DIRECT on the upload").hasSize(1);
        w.commit();
        assertThat(driver.getContent("/d/blob")).isEqualTo(content);
        assertThat(directDescriptorsOn("/d/blob")).as("closed with the writer").isEmpty();
    }

    @Test
    void withDirectWritesOffNoDescriptorIsDirectAndTheBytesAreTheSame() throws IOException {
        byte[] content = new byte[4 * BUFFER + 17];
        new Random(8).nextBytes(content);
        try (StorageDriver buffered = StorageDrivers.create("filesystem",
                Map.of("rootdirectory", root.resolve("other").toString(), "directwrites", "false"))) {
            FileWriter w = buffered.writer("/d/blob", false);
            w.write(ByteBuffer.wrap(content, 0, 3 * BUFFER + 5));
            assertThat(directDescriptorsOn("/d/blob")).isEmpty();
            w.write(ByteBuffer.wrap(content, 3 * BUFFER + 5, content.length - 3 * BUFFER - 5));
            w.commit();
            assertThat(buffered.getContent("/d/blob")).isEqualTo(content);
        }
    }

    @Test
    void aFileSystemThatRefusesDirectIoTurnsDirectWritesOffForTheDriverAndADeviceErrorDoesNot() {
        DirectWrites direct = new DirectWrites(4096, true);
        assertThat(direct.fits(8192, BUFFER)).isTrue();
        assertThat(direct.fits(100, BUFFER)).as("unaligned offset").isFalse();
        assertThat(direct.fits(8192, 1000)).as("unaligned length").isFalse();
        assertThat(direct.refused(new IOException("Input/output error"))).isFalse();
        assertThat(direct.fits(8192, BUFFER)).isTrue();
        assertThat(direct.refused(new FileSystemException("/x", null, "Invalid argument"))).isTrue();
        assertThat(direct.fits(8192, BUFFER)).isFalse();
    }

    /** This JVM's descriptors open with {@code O_DIRECT} on a file whose name ends with {@code path}'s upload. */
    private static List<Path> directDescriptorsOn(String path) throws IOException {
        List<Path> direct = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                Path target;
                try {
                    target = Files.readSymbolicLink(fd);
                } catch (IOException e) {
                    continue; // closed meanwhile
                }
                if (!target.toString().endsWith(path) || !target.toString().contains(StorageRoot.PRIVATE_DIR)) {
                    continue;
                }
                List<String> info = Files.readAllLines(Path.of("/proc/self/fdinfo", fd.getFileName().toString()));
                int flags = info.stream().filter(l -> l.startsWith("flags:"))
                        .mapToInt(l -> Integer.parseInt(l.substring("flags:".length()).trim(), 8)).findFirst().orElse(0);
                if ((flags & O_DIRECT) != 0) {
                    direct.add(target);
                }
            }
        }
        return direct;
    }
}
