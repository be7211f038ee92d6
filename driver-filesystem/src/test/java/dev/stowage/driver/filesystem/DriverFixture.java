package dev.stowage.driver.filesystem;

import dev.stowage.driver.FileWriter;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh driver over an empty temporary root for each test, made through {@link StorageDrivers}. */
abstract class DriverFixture {

    @TempDir
    Path root;

    StorageDriver driver;

    @BeforeEach
    void createDriver() throws IOException {
        driver = StorageDrivers.create("filesystem", Map.of("rootdirectory", root.toString()));
    }

    @AfterEach
    void closeDriver() throws IOException {
        driver.close();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static void write(FileWriter writer, String text) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes(text));
        while (buffer.hasRemaining()) {
            writer.write(buffer);
        }
    }

    String content(String path) throws IOException {
        return new String(driver.getContent(path), StandardCharsets.UTF_8);
    }

    String read(String path, long offset) throws IOException {
        try (InputStream in = driver.reader(path, offset)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
