package dev.stowage.driver.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.driver.DriverParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;

class MultipartCopierTest {

    private static final long PART = 5 * S3Settings.MIB;
    private static final int BOUND = 2;

    /** An S3 client that answers the calls of a multipart copy and records how many part copies run at once. */
    private static final class PartCopyCounter implements S3Client {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostRunning = new AtomicInteger();
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final CountDownLatch boundReached = new CountDownLatch(BOUND);
        final Map<String, List<Integer>> completed = new ConcurrentHashMap<>();

        @Override
        public CreateMultipartUploadResponse createMultipartUpload(CreateMultipartUploadRequest request) {
            return CreateMultipartUploadResponse.builder().uploadId("upload-of-" + request.key()).build();
        }

        @Override
        public UploadPartCopyResponse uploadPartCopy(UploadPartCopyRequest request) {
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            threads.add(Thread.currentThread().getName());
            try {
                boundReached.countDown();
                boundReached.await(10, TimeUnit.SECONDS); // the first copies wait until BOUND run at once
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
            return UploadPartCopyResponse.builder()
                    .copyPartResult(r -> r.eTag("etag-" + request.partNumber())).build();
        }

        @Override
        public CompleteMultipartUploadResponse completeMultipartUpload(CompleteMultipartUploadRequest request) {
            completed.put(request.key(), request.multipartUpload().parts().stream().map(CompletedPart::partNumber).toList());
            return CompleteMultipartUploadResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "s3";
        }

        @Override
        public void close() {}
    }

    @Test
    void concurrentMovesShareOneBoundOfPartCopiesPerDriver() throws Exception {
        S3Settings settings = S3Settings.from(DriverParameters.bind(new S3DriverFactory(), Map.of(
                "bucket", "b", "region", "us-east-1",
                "multipartcopymaxconcurrency", BOUND,
                "multipartcopythresholdsize", 0,
                "multipartcopychunksize", PART)));
        PartCopyCounter client = new PartCopyCounter();
        ExecutorService movers = Executors.newFixedThreadPool(3);
        try (MultipartCopier copier = new MultipartCopier(client, settings, new ObjectOptions(settings))) {
            List<Future<?>> moves = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String n = Integer.toString(i);
                moves.add(movers.submit(() -> {
                    copier.copy("source-" + n, "dest-" + n, 6 * PART + 1); // 7 parts
                    return null;
                }));
            }
            for (Future<?> move : moves) {
                move.get(30, TimeUnit.SECONDS);
            }
        } finally {
            movers.shutdownNow();
        }
        assertThat(client.mostRunning.get()).as("part copies running at once across three moves").isEqualTo(BOUND);
        assertThat(client.threads).as("copy threads used").hasSizeLessThanOrEqualTo(BOUND);
        assertThat(client.completed).containsOnlyKeys("dest-0", "dest-1", "dest-2")
                .allSatisfy((key, parts) -> assertThat(parts).containsExactly(1, 2, 3, 4, 5, 6, 7));
    }
}
