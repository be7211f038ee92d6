package dev.stowage.driver.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.driver.InvalidParameterException;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDriverFactory;
import dev.stowage.driver.StorageDrivers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemDriverFactoryTest {

    @TempDir
    Path temp;

    @Test
    void isRegisteredAsFilesystem() {
        assertThat(StorageDrivers.available()).extracting(StorageDriverFactory::name).contains("filesystem");
    }

    @Test
    void declaresGoDefaults() {
        assertThat(new FilesystemDriverFactory().parameters())
                .anySatisfy(p -> {
                    assertThat(p.name()).isEqualTo("rootdirectory");
                    assertThat(p.defaultValue()).isEqualTo("/var/lib/registry");
                })
                .anySatisfy(p -> {
                    assertThat(p.name()).isEqualTo("maxthreads");
                    assertThat(p.defaultValue()).isEqualTo(100L);
                });
    }

    @Test
    void createsAMissingRootWithItsParents() throws Exception {
        Path root = temp.resolve("a/b/c");
        try (StorageDriver driver = StorageDrivers.create("filesystem", Map.of("rootdirectory", root.toString()))) {
            driver.putContent("/x", new byte[] {1});
            assertThat(root.resolve("x")).hasBinaryContent(new byte[] {1});
        }
    }

    @Test
    void refusesARootThatCannotBeCreatedNamingKeyAndDirectory() throws Exception {
        Path file = Files.writeString(temp.resolve("plain-file"), "x");
        Path root = file.resolve("root");
        assertThatThrownBy(() -> StorageDrivers.create("filesystem", Map.of("rootdirectory", root.toString())))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("filesystem")
                .hasMessageContaining("rootdirectory")
                .hasMessageContaining(root.toString())
                .satisfies(e -> assertThat(((InvalidParameterException) e).parameter()).isEqualTo("rootdirectory"));
    }

    @Test
    void refusesARootThatIsAFile() throws Exception {
        Path file = Files.writeString(temp.resolve("plain-file"), "x");
        assertThatThrownBy(() -> StorageDrivers.create("filesystem", Map.of("rootdirectory", file.toString())))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("rootdirectory")
                .hasMessageContaining(file.toString());
    }

    @Test
    void refusesMaxThreadsBelowTwentyFive() {
        assertThatThrownBy(() -> StorageDrivers.create("filesystem",
                        Map.of("rootdirectory", temp.toString(), "maxthreads", 24)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("maxthreads")
                .hasMessageContaining("25")
                .satisfies(e -> assertThat(((InvalidParameterException) e).parameter()).isEqualTo("maxthreads"));
    }

    @Test
    void refusesMaxThreadsThatIsNotANumber() {
        assertThatThrownBy(() -> StorageDrivers.create("filesystem",
                        Map.of("rootdirectory", temp.toString(), "maxthreads", "many")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("maxthreads");
    }

    @Test
    void acceptsMaxThreadsAsText() throws Exception {
        try (StorageDriver driver = StorageDrivers.create("filesystem",
                Map.of("rootdirectory", temp.toString(), "maxthreads", "25"))) {
            assertThat(driver.list("/")).isEmpty();
        }
    }

    @Test
    void maxThreadsBoundsConcurrentBlockingCalls() throws Exception {
        FilesystemDriver driver = (FilesystemDriver) new FilesystemDriverFactory()
                .create(Map.of("rootdirectory", temp.toString(), "maxthreads", 25L));
        driver.putContent("/f", new byte[] {7});
        ExecutorService pool = Executors.newCachedThreadPool();
        CountDownLatch holding = new CountDownLatch(25);
        CountDownLatch release = new CountDownLatch(1);
        List<Future<Object>> holders = new ArrayList<>();
        try {
            for (int i = 0; i < 25; i++) {
                holders.add(pool.submit(() -> driver.regulator().run(() -> {
                    holding.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                })));
            }
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(driver.regulator().available()).isZero();
            Future<byte[]> waiting = pool.submit(() -> driver.getContent("/f"));
            Thread.sleep(300);
            assertThat(waiting).isNotDone();
            release.countDown();
            assertThat(waiting.get(10, TimeUnit.SECONDS)).containsExactly(7);
            for (Future<Object> holder : holders) {
                assertThat(holder.get(10, TimeUnit.SECONDS)).isNull();
            }
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }
}
