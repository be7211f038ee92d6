package dev.stowage.conformance.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.conformance.faults.FaultInjectingDriver.Faults;
import dev.stowage.conformance.faults.FaultInjectingDriver.InjectedFault;
import dev.stowage.driver.FileWriter;
import dev.stowage.driver.StorageDriver;
import dev.stowage.conformance.ReferenceDriver;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FaultInjectingDriverTest {

    private static StorageDriver memory() throws Exception {
        return new ReferenceDriver();
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void atRateOneEveryCallFailsBeforeReachingTheBackend() throws Exception {
        try (StorageDriver backend = memory()) {
            FaultInjectingDriver driver = FaultInjectingDriver.wrap(backend, Faults.none().withFailureRate(1));
            assertThatThrownBy(() -> driver.putContent("/a", new byte[] {1})).isInstanceOf(InjectedFault.class)
                    .hasMessageContaining("putContent /a");
            assertThatThrownBy(() -> backend.stat("/a")).as("nothing reached the backend")
                    .isInstanceOf(dev.stowage.driver.PathNotFoundException.class);
            assertThat(driver.injected()).isEqualTo(1);
        }
    }

    @Test
    void shortReadsStillDeliverEveryByteInOrder() throws Exception {
        try (StorageDriver backend = memory()) {
            byte[] content = bytes(100_000);
            backend.putContent("/a", content);
            FaultInjectingDriver driver = FaultInjectingDriver.wrap(backend, Faults.none().withShortReadRate(1));
            try (InputStream in = driver.reader("/a", 0)) {
                byte[] buffer = new byte[8192];
                int first = in.read(buffer, 0, buffer.length);
                assertThat(first).isBetween(1, 8191);
                assertThat(in.readAllBytes()).hasSize(content.length - first);
            }
            assertThat(driver.injected()).isPositive();
        }
    }

    @Test
    void aFailingWriterKeepsWhatItWroteBeforeItFailed() throws Exception {
        try (StorageDriver backend = memory()) {
            FaultInjectingDriver driver = FaultInjectingDriver.wrap(backend, Faults.none().withStreamFailures(1, 1000));
            FileWriter writer = driver.writer("/w", false);
            ByteBuffer data = ByteBuffer.wrap(bytes(5000));
            assertThatThrownBy(() -> {
                while (data.hasRemaining()) {
                    writer.write(data);
                }
            }).isInstanceOf(InjectedFault.class);
            assertThat(writer.size()).isLessThan(1000).isEqualTo(data.position());
            writer.close();
        }
    }

    @Test
    void theSameSeedMakesTheSameDecisions() throws Exception {
        for (int run = 0; run < 2; run++) {
            try (StorageDriver backend = memory()) {
                FaultInjectingDriver driver = FaultInjectingDriver.wrap(backend, Faults.none().withFailureRate(0.5).withSeed(42));
                StringBuilder outcomes = new StringBuilder();
                for (int i = 0; i < 40; i++) {
                    try {
                        driver.putContent("/p" + i, new byte[] {1});
                        outcomes.append('.');
                    } catch (InjectedFault e) {
                        outcomes.append('x');
                    }
                }
                assertThat(outcomes.toString()).contains("x").contains(".");
                if (run == 0) {
                    expected = outcomes.toString();
                } else {
                    assertThat(outcomes.toString()).isEqualTo(expected);
                }
            }
        }
    }

    private String expected;

    @Test
    void delaysAreHonoured() throws Exception {
        try (StorageDriver backend = memory()) {
            FaultInjectingDriver driver = FaultInjectingDriver.wrap(backend, Faults.none().withDelay(Duration.ofMillis(200), 1));
            long start = System.nanoTime();
            driver.putContent("/a", new byte[] {1});
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        }
    }
}
