package dev.stowage.driver.s3;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;

/**
 * Server-side copies: one CopyObject up to {@code multipartcopythresholdsize}, above it a
 * multipart upload whose parts of {@code multipartcopychunksize} are copied with UploadPartCopy.
 * The part copies of every move of the driver share one pool of at most
 * {@code multipartcopymaxconcurrency} threads (the HTTP client's connection pool is sized for that
 * many), made as needed and ended after 30 idle seconds; concurrent moves queue their parts
 * rather than each starting that many threads. A failed multipart copy is aborted.
 */
final class MultipartCopier implements AutoCloseable {

    private final S3Client client;
    private final S3Settings settings;
    private final ObjectOptions options;
    private final ThreadPoolExecutor pool;

    MultipartCopier(S3Client client, S3Settings settings, ObjectOptions options) {
        this.client = client;
        this.settings = settings;
        this.options = options;
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(settings.copyMaxConcurrency(), settings.copyMaxConcurrency(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "stowage-s3-copy-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.pool.allowCoreThreadTimeOut(true);
    }

    void copy(String source, String dest, long size) {
        if (size <= settings.copyThresholdSize()) {
            client.copyObject(options.apply(CopyObjectRequest.builder()
                    .sourceBucket(settings.bucket()).sourceKey(source)
                    .destinationBucket(settings.bucket()).destinationKey(dest)).build());
            return;
        }
        String uploadId = client.createMultipartUpload(options.apply(CreateMultipartUploadRequest.builder()
                .bucket(settings.bucket()).key(dest)).build()).uploadId();
        try {
            List<CompletedPart> parts = copyParts(source, dest, uploadId, size);
            client.completeMultipartUpload(r -> r.bucket(settings.bucket()).key(dest).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            try {
                client.abortMultipartUpload(r -> r.bucket(settings.bucket()).key(dest).uploadId(uploadId));
            } catch (SdkException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private List<CompletedPart> copyParts(String source, String dest, String uploadId, long size) {
        long chunk = settings.copyChunkSize();
        int count = (int) ((size + chunk - 1) / chunk);
        List<Future<CompletedPart>> futures = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                int number = i + 1;
                long first = i * chunk;
                long last = Math.min(size, first + chunk) - 1;
                futures.add(pool.submit(() -> {
                    String eTag = client.uploadPartCopy(r -> r.sourceBucket(settings.bucket()).sourceKey(source)
                            .destinationBucket(settings.bucket()).destinationKey(dest).uploadId(uploadId)
                            .partNumber(number).copySourceRange("bytes=" + first + "-" + last))
                            .copyPartResult().eTag();
                    return CompletedPart.builder().partNumber(number).eTag(eTag).build();
                }));
            }
            List<CompletedPart> parts = new ArrayList<>(count);
            for (Future<CompletedPart> future : futures) {
                parts.add(future.get());
            }
            parts.sort(Comparator.comparing(CompletedPart::partNumber));
            return parts;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw SdkClientException.create("part copy failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SdkClientException.create("interrupted while copying parts", e);
        } finally {
            for (Future<CompletedPart> future : futures) {
                future.cancel(true); // a no-op once done; stops the rest of a failed copy
            }
        }
    }

    /** Stops the copy threads; a move still copying fails. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
