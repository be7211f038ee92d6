package dev.stowage.driver;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;

/**
 * A driver built from a {@code storage:} config section, and the sections beside its key
 * ({@code delete}, {@code redirect}, {@code cache}, {@code maintenance}, {@code tag}) for the
 * caller to act on. Closing it closes the driver.
 *
 * @param driver the validated driver
 * @param sections the non-driver keys of the section, unchanged
 */
public record ConfiguredStorage(StorageDriver driver, Map<String, Object> sections) implements AutoCloseable {

    public ConfiguredStorage {
        Objects.requireNonNull(driver, "driver");
        sections = Map.copyOf(sections);
    }

    @Override
    public void close() throws IOException {
        driver.close();
    }
}
