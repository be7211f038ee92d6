package dev.stowage.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FileReaderTest {

    private final MapDriver driver = new MapDriver();
    private final byte[] content = new byte[1000];

    @BeforeEach
    void store() {
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31 + 7);
        }
        driver.putContent("/f", content);
        driver.calls.clear();
    }

    @Test
    void opensNothingUntilTheFirstReadAndNeverStats() throws IOException {
        try (FileReader reader = new FileReader(driver, "/f", content.length)) {
            assertThat(reader.size()).isEqualTo(1000);
            assertThat(driver.calls).isEmpty();
            ByteBuffer buffer = ByteBuffer.allocate(100);
            reader.read(buffer);
            assertThat(buffer.array()).isEqualTo(java.util.Arrays.copyOfRange(content, 0, 100));
        }
        assertThat(driver.calls("stat")).isZero();
        assertThat(driver.calls("reader")).isEqualTo(1);
    }

    @Test
    void sequentialReadsKeepOneStream() throws IOException {
        try (InputStream in = new FileReader(driver, "/f", content.length).asInputStream()) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(driver.calls("reader")).isEqualTo(1);
    }

    @Test
    void aSeekReopensAtTheNewPosition() throws IOException {
        try (FileReader reader = new FileReader(driver, "/f", content.length)) {
            reader.read(ByteBuffer.allocate(10));
            reader.position(500);
            ByteBuffer buffer = ByteBuffer.allocate(5);
            reader.read(buffer);
            assertThat(buffer.array()).isEqualTo(java.util.Arrays.copyOfRange(content, 500, 505));
            assertThat(reader.position()).isEqualTo(505);
            reader.position(505); // no move: same stream
            reader.read(ByteBuffer.allocate(5));
        }
        assertThat(driver.calls("reader")).isEqualTo(2);
    }

    @Test
    void endsAtTheGivenSizeEvenIfTheFileIsLonger() throws IOException {
        try (FileReader reader = new FileReader(driver, "/f", 600)) {
            ByteBuffer all = ByteBuffer.allocate(2000);
            while (reader.read(all) >= 0) {
                // drain
            }
            assertThat(all.position()).isEqualTo(600);
            reader.position(700);
            assertThat(reader.read(ByteBuffer.allocate(1))).isEqualTo(-1);
        }
    }

    @Test
    void aFileShorterThanTheGivenSizeFailsWithEof() throws IOException {
        try (FileReader reader = new FileReader(driver, "/f", 1200)) {
            ByteBuffer all = ByteBuffer.allocate(2000);
            assertThatThrownBy(() -> {
                while (reader.read(all) >= 0) {
                    // drain
                }
            }).isInstanceOf(EOFException.class).hasMessageContaining("/f").hasMessageContaining("1200");
        }
    }

    @Test
    void directBuffersWork() throws IOException {
        try (FileReader reader = new FileReader(driver, "/f", content.length)) {
            ByteBuffer direct = ByteBuffer.allocateDirect(300);
            int n = reader.read(direct);
            direct.flip();
            byte[] got = new byte[n];
            direct.get(got);
            assertThat(got).isEqualTo(java.util.Arrays.copyOfRange(content, 0, n));
        }
    }

    @Test
    void isReadOnlyAndRefusesUseAfterClose() throws IOException {
        FileReader reader = new FileReader(driver, "/f", content.length);
        assertThatThrownBy(() -> reader.write(ByteBuffer.allocate(1))).isInstanceOf(NonWritableChannelException.class);
        assertThatThrownBy(() -> reader.truncate(1)).isInstanceOf(NonWritableChannelException.class);
        reader.close();
        assertThatThrownBy(() -> reader.read(ByteBuffer.allocate(1))).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> new FileReader(driver, "/f", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMissingFileFailsOnTheFirstReadNotBefore() throws IOException {
        FileReader reader = new FileReader(StorageDrivers.validating(driver), "/missing", 10);
        assertThatThrownBy(() -> reader.read(ByteBuffer.allocate(1))).isInstanceOf(PathNotFoundException.class);
    }
}
