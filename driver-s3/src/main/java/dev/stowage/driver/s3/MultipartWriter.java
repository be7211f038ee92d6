package dev.stowage.driver.s3;

import dev.stowage.driver.AbstractFileWriter;
import dev.stowage.driver.BufferBudget;
import dev.stowage.driver.PartBuffer;
import dev.stowage.driver.SessionTag;
import dev.stowage.driver.StorageDriverException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * A writer backed by one multipart upload. Bytes collect in a {@link PartBuffer} of
 * {@code chunksize}; each full part goes out as one part of the upload, so a writer holds at most
 * one part in memory.
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
 * A closed or just continued writer tags its session ({@link #sessionTag()}) by the upload's id,
 * its parts' numbers and ETags and its tail's ETag: S3 gives a part or object written with other
 * bytes another ETag, and a completion names every part by its ETag, so it publishes exactly the
 * parts this writer knows or fails.
 */
final class MultipartWriter extends AbstractFileWriter {

    /** Metadata of a tail object: the part number its bytes belong at. */
    static final String NEXT_PART = "stowage-next-part";

    /** What the writers of one driver work with: the bucket, its client, key layout, object options and uploads. */
    record Bucket(S3Client client, String name, KeyLayout layout, ObjectOptions options, Uploads uploads, int chunkSize,
            BufferBudget budget) {

        /** Stores {@code content} at {@code key} with one PutObject and the object options. */
        void putObject(String key, ByteBuffer content) {
            client.putObject(options.apply(PutObjectRequest.builder().bucket(name).key(key)).build(), body(content));
        }
    }

    private final Bucket bucket;
    private final String key;
    private final List<CompletedPart> parts;
    private final PartBuffer buffer;
    private String uploadId;
    /** Whether a tail object of this upload may exist in S3. */
    private boolean tailStored;
    /** The ETag of the tail whose bytes this session holds past its parts, or null. */
    private String tailTag;

    private MultipartWriter(Bucket bucket, String path, long size, String uploadId, List<CompletedPart> parts,
            boolean tailStored) {
        super(path, size, S3Settings.MAX_OBJECT_SIZE);
        this.bucket = bucket;
        this.key = bucket.layout().key(path);
        this.uploadId = uploadId;
        this.parts = parts;
        this.tailStored = tailStored;
        this.buffer = new PartBuffer(bucket.chunkSize(), bucket.budget(), path, this::uploadPart);
    }

    /** A writer starting afresh, with no upload until it needs one. */
    static MultipartWriter fresh(Bucket bucket, String path) {
        return new MultipartWriter(bucket, path, 0, null, new ArrayList<>(), false);
    }

    /**
     * A writer continuing the upload {@code uploadId} of {@code path}: its parts, which must be
     * numbered from 1 without a gap, and the tail a closed writer stored.
     *
     * @throws SdkException if S3 fails to list the parts or read the tail
     */
    static MultipartWriter resumed(Bucket bucket, String path, String uploadId) throws IOException {
        String key = bucket.layout().key(path);
        List<CompletedPart> completed = new ArrayList<>();
        long size = 0;
        for (Part part : bucket.uploads().parts(key, uploadId)) {
            int expected = completed.size() + 1;
            if (part.partNumber() != expected) {
                throw new StorageDriverException(null, path, "upload " + uploadId + " misses part " + expected);
            }
            completed.add(CompletedPart.builder().partNumber(part.partNumber()).eTag(part.eTag()).build());
            size += part.size();
        }
        byte[] tail = new byte[0];
        String tailETag = null;
        boolean tailStored = false;
        try {
            var stored = bucket.client().getObjectAsBytes(r -> r.bucket(bucket.name()).key(bucket.layout().tailKey(uploadId)));
            tailStored = true;
            if (Integer.toString(completed.size() + 1).equals(stored.response().metadata().get(NEXT_PART))) {
                tail = stored.asByteArrayUnsafe();
                tailETag = stored.response().eTag();
            } // otherwise a stale tail whose bytes are already in a part
        } catch (SdkException e) {
            if (!S3Errors.isNotFound(e)) {
                throw e;
            }
        }
        MultipartWriter writer = new MultipartWriter(bucket, path, size + tail.length, uploadId, completed, tailStored);
        writer.buffer.write(ByteBuffer.wrap(tail)); // shorter than a part: it stays buffered
        writer.tailTag = tail.length > 0 ? tailETag : null;
        return writer;
    }

    @Override
    protected void implWrite(ByteBuffer src) throws IOException {
        buffer.write(src);
    }

    @Override
    public synchronized Optional<String> sessionTag() {
        if (uploadId == null || !sessionSettled()) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>(parts.size() + 2);
        names.add(uploadId);
        for (CompletedPart part : parts) {
            names.add(part.partNumber() + ":" + unquoted(part.eTag()));
        }
        if (tailTag != null) {
            names.add("tail:" + unquoted(tailTag));
        }
        return Optional.of(SessionTag.of(names));
    }

    /** An ETag without the quotes S3 puts around it (some S3-compatible servers leave them out in listings). */
    private static String unquoted(String eTag) {
        return eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"") ? eTag.substring(1, eTag.length() - 1) : eTag;
    }

    @Override
    protected void implCommit() throws IOException {
        bucket.uploads().forget(key, null);
        try {
            if (uploadId == null) {
                bucket.putObject(key, buffer.contents());
            } else if (parts.isEmpty() && buffer.size() == 0) {
                // S3 completes no upload without parts: drop it, then store the empty object
                bucket.uploads().abort(key, uploadId);
                bucket.putObject(key, buffer.contents());
            } else {
                buffer.flush();
                String id = uploadId;
                bucket.client().completeMultipartUpload(r -> r.bucket(bucket.name()).key(key).uploadId(id)
                        .multipartUpload(m -> m.parts(parts)));
                if (tailStored) {
                    bucket.uploads().deleteTail(id);
                }
            }
        } catch (SdkException e) {
            throw S3Errors.translate(e, path());
        }
    }

    @Override
    protected void implCancel() throws IOException {
        bucket.uploads().forget(key, null);
        try {
            if (uploadId != null) {
                bucket.uploads().abort(key, uploadId);
            }
        } catch (SdkException e) {
            throw S3Errors.translate(e, path());
        }
    }

    /** Keeps everything written in S3 for a later {@code writer(path, true)}. */
    @Override
    protected void implClose() throws IOException {
        try {
            if (buffer.size() >= S3Settings.MIN_PART_SIZE) {
                buffer.flush();
            }
            if (uploadId == null) {
                createUpload();
            }
            bucket.uploads().remember(key, uploadId);
            if (buffer.size() > 0) {
                String nextPart = Integer.toString(parts.size() + 1);
                tailTag = bucket.client().putObject(r -> r.bucket(bucket.name()).key(bucket.layout().tailKey(uploadId))
                        .metadata(Map.of(NEXT_PART, nextPart)), body(buffer.contents())).eTag();
                tailStored = true;
            } else {
                tailTag = null;
                if (tailStored) {
                    bucket.uploads().deleteTail(uploadId);
                    tailStored = false;
                }
            }
        } catch (SdkException e) {
            throw S3Errors.translate(e, path());
        }
    }

    @Override
    protected void implRelease() {
        buffer.release();
    }

    /** A request body over the remaining bytes of {@code bytes}, read in place on every attempt. */
    static RequestBody body(ByteBuffer bytes) {
        return RequestBody.fromContentProvider(() -> new InputStream() {
            private final ByteBuffer left = bytes.duplicate();

            @Override
            public int read() {
                return left.hasRemaining() ? left.get() & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                Objects.checkFromIndexSize(off, len, b.length);
                if (len == 0) {
                    return 0;
                }
                if (!left.hasRemaining()) {
                    return -1;
                }
                int n = Math.min(len, left.remaining());
                left.get(b, off, n);
                return n;
            }
        }, bytes.remaining(), ObjectOptions.CONTENT_TYPE);
    }

    /** Uploads one part of the buffer, starting the upload first if there is none. */
    private void uploadPart(ByteBuffer part) throws IOException {
        try {
            if (uploadId == null) {
                createUpload();
            }
            int number = parts.size() + 1;
            String id = uploadId;
            String eTag = bucket.client().uploadPart(r -> r.bucket(bucket.name()).key(key).uploadId(id)
                    .partNumber(number).contentLength((long) part.remaining()), body(part)).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
            if (tailStored) {
                // its bytes are in the part now; a tail left behind by a crash here is ignored
                // later, since its part number is taken
                bucket.uploads().deleteTail(id);
                tailStored = false;
            }
        } catch (SdkException e) {
            throw S3Errors.translate(e, path());
        }
    }

    private void createUpload() {
        uploadId = bucket.client().createMultipartUpload(bucket.options()
                .apply(CreateMultipartUploadRequest.builder().bucket(bucket.name()).key(key)).build()).uploadId();
    }
}
