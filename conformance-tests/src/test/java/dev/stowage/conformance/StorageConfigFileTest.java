package dev.stowage.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.conformance.config.StorageConfigFile;
import dev.stowage.driver.InvalidParameterException;
import dev.stowage.driver.StorageConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void readsTheStorageSectionAndAppliesEnvironmentOverrides() throws Exception {
        Path file = Files.writeString(dir.resolve("config.yml"), """
                version: 0.1
                storage:
                  filesystem:
                    rootdirectory: /var/lib/registry
                    maxthreads: 100
                  delete:
                    enabled: true
                http:
                  addr: :5000
                """);
        StorageConfig config = StorageConfigFile.read(file, Map.of("STOWAGE_STORAGE_FILESYSTEM_MAXTHREADS", "50"));
        assertThat(config.driverName()).isEqualTo("filesystem");
        assertThat(config.parameters()).containsEntry("rootdirectory", "/var/lib/registry").containsEntry("maxthreads", "50");
        assertThat(config.sections()).containsKey("delete");
    }

    @Test
    void aFileWithoutStorageSectionIsAnErrorNamingTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yml"), "http:\n  addr: :5000\n");
        assertThatThrownBy(() -> StorageConfigFile.read(file, Map.of()))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("bad.yml").hasMessageContaining("storage");
    }

    @Test
    void brokenYamlIsAnErrorNamingTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("broken.yml"), "storage: [unclosed\n");
        assertThatThrownBy(() -> StorageConfigFile.read(file, Map.of())).hasMessageContaining("broken.yml");
    }
}
