package dev.stowage.driver.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stowage.driver.TransferableStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The filesystem driver's transfers map the file a piece at a time and release each mapping once written. */
class MappedTransferTest extends DriverFixture {

    private static final Path MAPS = Path.of("/proc/self/maps");

    @Test
    void aTransferMapsOnePieceAtATimeAndLeavesNoMappingBehind() throws Exception {
        assumeTrue(Files.isReadable(MAPS), "needs Linux's /proc/self/maps to see mappings");
        byte[] content = new byte[3 * FileChannelInputStream.MAPPED_PIECE + 5];
        new Random(7).nextBytes(content);
        driver.putContent("/blob/data", content);
        String file = root.toRealPath().resolve("blob/data").toString();

        ByteArrayOutputStream taken = new ByteArrayOutputStream();
        int[] mappedDuringWrites = new int[2]; // [writes, the most mappings of the file seen during one]
        WritableByteChannel target = new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                mappedDuringWrites[0]++;
                mappedDuringWrites[1] = Math.max(mappedDuringWrites[1], mappings(file));
                byte[] bytes = new byte[src.remaining()];
                src.get(bytes);
                taken.write(bytes);
                return bytes.length;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {}
        };
        try (InputStream in = driver.reader("/blob/data", 0)) {
            assertThat(((TransferableStream) in).transferTo(content.length, target)).isEqualTo(content.length);
        }

        assertThat(taken.toByteArray()).isEqualTo(content);
        assertThat(mappedDuringWrites[0]).as("writes, one a piece").isEqualTo(4);
        assertThat(mappedDuringWrites[1]).as("mappings of the file while a piece was written").isEqualTo(1);
        assertThat(mappings(file)).as("mappings of the file after the transfer").isZero();
    }

    /** How many lines of this process's memory map name {@code file}. */
    private static int mappings(String file) throws IOException {
        return (int) Files.readAllLines(MAPS).stream().filter(line -> line.endsWith(" " + file)).count();
    }
}
