package dev.stowage.driver.s3;

import dev.stowage.driver.FileWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * A writer backed by one multipart upload. Bytes collect in a buffer of at most {@code chunksize};
 * each full buffer goes out as one part, so a writer holds at most one part in memory.
 *
 * <ul>
 *   <li>{@code commit}: the buffer goes out as the last part and the upload is completed; a
 *       writer without an upload (one that never filled a part) stores its bytes with one
 *       PutObject instead, zero bytes included.
 *   <li>{@code close}: a buffer of at least 5 MiB goes out as a part; a shorter one is stored in
 *       the upload's hidden tail object, tagged with the number of the part it would become,
 *       so that a later writer (in any process) takes it back into its buffer. The upload is
 *       created if there is none yet, so that even an empty writer can be continued.
 *   <li>{@code cancel}: the upload is aborted and its tail deleted.
 * </ul>
 */
final class MultipartWriter implements FileWriter {

    /** Metadata of a tail object: the part number its bytes belong at. */
    static final String NEXT_PART = "stowage-next-part";
    private static final int INITIAL_BUFFER = 64 * 1024;

    private final S3Driver driver;
    private final String path;
    private final String key;
    private final int chunkSize;
    private final List<CompletedPart> parts;
    private String uploadId;
    private long partBytes;
    private byte[] buffer;
    private int buffered;
    /** Whether a tail object of this upload may exist in S3. */
    private boolean tailStored;
    private boolean open = true;

    /** A writer continuing {@code uploadId} (null: none yet) with its parts and tail. */
    MultipartWriter(S3Driver driver, String path, String key, String uploadId, List<CompletedPart> parts,
            long partBytes, byte[] tail, boolean tailStored) {
        this.driver = driver;
        this.path = path;
        this.key = key;
        this.chunkSize = driver.settings().chunkSize();
        this.uploadId = uploadId;
        this.parts = new ArrayList<>(parts);
        this.partBytes = partBytes;
        this.buffer = new byte[Math.min(chunkSize, Math.max(INITIAL_BUFFER, tail.length))];
        System.arraycopy(tail, 0, buffer, 0, tail.length);
        this.buffered = tail.length;
        this.tailStored = tailStored;
    }

    @Override
    public synchronized int write(ByteBuffer src) throws IOException {
        ensureOpen();
        int written = 0;
        while (src.hasRemaining()) {
            if (buffered == buffer.length) {
                if (buffered == chunkSize) {
                    uploadPart();
                } else {
                    grow();
                }
            }
            int n = Math.min(src.remaining(), buffer.length - buffered);
            src.get(buffer, buffered, n);
            buffered += n;
            written += n;
        }
        return written;
    }

    @Override
    public synchronized long size() {
        return partBytes + buffered;
    }

    @Override
    public synchronized void commit() throws IOException {
        ensureOpen();
        open = false;
        try {
            if (uploadId == null) {
                driver.putObject(key, buffer, buffered);
            } else if (parts.isEmpty() && buffered == 0) {
                // S3 completes no upload without parts: drop it, then store the empty object
                driver.uploads().abort(key, uploadId);
                driver.putObject(key, buffer, 0);
            } else {
                if (buffered > 0) {
                    uploadPart();
                }
                String id = uploadId;
                driver.client().completeMultipartUpload(r -> r.bucket(driver.settings().bucket()).key(key).uploadId(id)
                        .multipartUpload(m -> m.parts(parts)));
                if (tailStored) {
                    driver.uploads().deleteTail(id);
                }
            }
        } catch (SdkException e) {
            throw S3Errors.translate(e, path);
        } finally {
            release();
        }
    }

    @Override
    public synchronized void cancel() throws IOException {
        ensureOpen();
        open = false;
        try {
            if (uploadId != null) {
                driver.uploads().abort(key, uploadId);
            }
        } catch (SdkException e) {
            throw S3Errors.translate(e, path);
        } finally {
            release();
        }
    }

    @Override
    public synchronized boolean isOpen() {
        return open;
    }

    /** Keeps everything written in S3 for a later {@code writer(path, true)}. */
    @Override
    public synchronized void close() throws IOException {
        if (!open) {
            return;
        }
        open = false;
        try {
            if (buffered >= S3Settings.MIN_PART_SIZE) {
                uploadPart();
            }
            if (uploadId == null) {
                createUpload();
            }
            if (buffered > 0) {
                String nextPart = Integer.toString(parts.size() + 1);
                driver.client().putObject(r -> r.bucket(driver.settings().bucket()).key(driver.layout().tailKey(uploadId))
                                .metadata(Map.of(NEXT_PART, nextPart)),
                        body(buffer, buffered));
                tailStored = true;
            } else if (tailStored) {
                driver.uploads().deleteTail(uploadId);
                tailStored = false;
            }
        } catch (SdkException e) {
            throw S3Errors.translate(e, path);
        } finally {
            release();
        }
    }

    /** A request body over the first {@code length} bytes of {@code bytes}, without copying them. */
    static RequestBody body(byte[] bytes, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length,
                ObjectOptions.CONTENT_TYPE);
    }

    private void uploadPart() throws IOException {
        try {
            if (uploadId == null) {
                createUpload();
            }
            int number = parts.size() + 1;
            String id = uploadId;
            String eTag = driver.client().uploadPart(r -> r.bucket(driver.settings().bucket()).key(key).uploadId(id)
                    .partNumber(number).contentLength((long) buffered), body(buffer, buffered)).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
            partBytes += buffered;
            buffered = 0;
            if (tailStored) {
                // its bytes are in the part now; a tail left behind by a crash here is ignored
                // later, since its part number is taken
                driver.uploads().deleteTail(id);
                tailStored = false;
            }
        } catch (SdkException e) {
            throw S3Errors.translate(e, path);
        }
    }

    private void createUpload() {
        uploadId = driver.client().createMultipartUpload(
                driver.options().apply(software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest.builder()
                        .bucket(driver.settings().bucket()).key(key)).build()).uploadId();
    }

    private void grow() {
        byte[] larger = new byte[(int) Math.min(chunkSize, (long) buffer.length * 2)];
        System.arraycopy(buffer, 0, larger, 0, buffered);
        buffer = larger;
    }

    private void release() {
        buffer = new byte[0];
        buffered = 0;
    }

    private void ensureOpen() throws IOException {
        if (!open) {
            throw new IOException("writer for " + path + " is no longer open");
        }
    }
}
