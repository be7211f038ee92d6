package dev.stowage.driver.s3;

import dev.stowage.driver.Capabilities;
import dev.stowage.driver.FileInfo;
import dev.stowage.driver.FileWriter;
import dev.stowage.driver.FlatListingWalker;
import dev.stowage.driver.InvalidOffsetException;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.RedirectRequest;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDriverException;
import dev.stowage.driver.StoragePath;
import dev.stowage.driver.UnsupportedMethodException;
import dev.stowage.driver.WalkVisitor;
import dev.stowage.driver.WholeContent;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Files as objects of one bucket, keyed by {@link KeyLayout}. Directories are key prefixes.
 * Stateless apart from the SDK clients, so thread-safe; each writer is synchronized on itself.
 */
final class S3Driver implements StorageDriver {

    /** S3's limit of keys per DeleteObjects and of entries per listing page. */
    static final int BATCH = 1000;

    private final S3Settings settings;
    private final S3Client client;
    private final S3Presigner presigner;
    private final KeyLayout layout;
    private final ObjectOptions options;
    private final Uploads uploads;
    private final MultipartWriter.Bucket bucket;
    private final MultipartCopier copier;
    private final Capabilities capabilities;

    S3Driver(S3Settings settings, S3Client client, S3Presigner presigner) {
        this.settings = settings;
        this.client = client;
        this.presigner = presigner;
        this.layout = settings.layout();
        this.options = new ObjectOptions(settings);
        this.uploads = new Uploads(client, settings.bucket(), layout);
        this.bucket = new MultipartWriter.Bucket(client, settings.bucket(), layout, options, uploads, settings.chunkSize(),
                settings.bufferBudget());
        this.copier = new MultipartCopier(client, settings, options);
        this.capabilities = Capabilities.basic()
                .withRedirect(true)
                .withAppendToCommitted(false)
                .withMaxFileSize(S3Settings.MAX_OBJECT_SIZE)
                .withPartSizes(settings.chunkSize(), S3Settings.MAX_PART_SIZE)
                // a multipart upload shows nothing until it is completed, its tail is at a hidden key
                .withAtomicCommit(true);
    }

    @Override
    public String name() {
        return S3DriverFactory.NAME;
    }

    @Override
    public byte[] getContent(String path) throws IOException {
        try {
            ResponseInputStream<GetObjectResponse> response = client.getObject(r -> r.bucket(settings.bucket()).key(layout.key(path)));
            try (AbortingInputStream body = new AbortingInputStream(response)) {
                return WholeContent.read(path, response.response().contentLength(), body);
            }
        } catch (SdkException e) {
            throw S3Errors.translate(e, path);
        }
    }

    @Override
    public void putContent(String path, byte[] content) throws IOException {
        try {
            bucket.putObject(layout.key(path), ByteBuffer.wrap(content));
        } catch (SdkException e) {
            throw S3Errors.translate(e, path);
        }
    }

    /**
     * A GET from {@code offset}. For {@code offset > 0} it asks for the range from
     * {@code offset - 1} and drops that byte: the range is valid for every offset up to the size, so
     * {@code offset == size} gives an empty stream with no failing request, and only an offset
     * past the end costs a HEAD (for the size the exception reports).
     */
    @Override
    public InputStream reader(String path, long offset) throws IOException {
        String key = layout.key(path);
        try {
            ResponseInputStream<GetObjectResponse> in = client.getObject(r -> {
                r.bucket(settings.bucket()).key(key);
                if (offset > 0) {
                    r.range("bytes=" + (offset - 1) + "-");
                }
            });
            if (offset > 0 && in.read() < 0) {
                in.abort();
                throw new StorageDriverException(null, path, "ranged GET from " + (offset - 1) + " returned no byte");
            }
            return new AbortingInputStream(in);
        } catch (SdkException e) {
            if (offset > 0 && S3Errors.isInvalidRange(e)) {
                long size = head(path).contentLength();
                throw new InvalidOffsetException(path, offset, size);
            }
            throw S3Errors.translate(e, path);
        }
    }

    @Override
    public FileWriter writer(String path, boolean append) throws IOException {
        String key = layout.key(path);
        try {
            if (!append) {
                uploads.forget(key, null);
                uploads.abortAll(key, key::equals);
                return MultipartWriter.fresh(bucket, path);
            }
            Optional<String> remembered = uploads.remembered(key);
            if (remembered.isPresent()) {
                try {
                    return MultipartWriter.resumed(bucket, path, remembered.get());
                } catch (SdkException e) {
                    if (!S3Errors.isNotFound(e)) {
                        throw e;
                    }
                    uploads.forget(key, null); // aborted or completed elsewhere: look for the key's uploads
                }
            }
            Optional<MultipartUpload> upload = uploads.latest(key);
            if (upload.isPresent()) {
                return MultipartWriter.resumed(bucket, path, upload.get().uploadId());
            }
            HeadObjectResponse committed;
            try {
                committed = client.headObject(r -> r.bucket(settings.bucket()).key(key));
            } catch (SdkException e) {
                if (S3Errors.isNotFound(e)) {
                    throw new PathNotFoundException(path, "no uncommitted upload or committed file to append to");
                }
                throw e;
            }
            if (committed.contentLength() > 0) {
                throw new UnsupportedMethodException("writer(append)", path,
                        "s3 cannot append to committed content (" + committed.contentLength() + " bytes)");
            }
            return MultipartWriter.fresh(bucket, path);
        } catch (SdkException e) {
            throw S3Errors.translate(e, path);
        }
    }

    @Override
    public FileInfo stat(String path) throws IOException {
        try {
            HeadObjectResponse head = client.headObject(r -> r.bucket(settings.bucket()).key(layout.key(path)));
            return FileInfo.file(path, head.contentLength(), head.lastModified());
        } catch (SdkException e) {
            if (!S3Errors.isNotFound(e)) {
                throw S3Errors.translate(e, path);
            }
        }
        if (hasKeyBelow(path)) {
            return FileInfo.directory(path, Instant.EPOCH);
        }
        throw new PathNotFoundException(path);
    }

    /** Whether some key lies below {@code path}, that is whether it is a directory: one one-key listing. */
    private boolean hasKeyBelow(String path) throws IOException {
        try {
            ListObjectsV2Response below = client.listObjectsV2(r -> r.bucket(settings.bucket())
                    .prefix(layout.prefix(path)).maxKeys(1));
            return !below.contents().isEmpty();
        } catch (SdkException e) {
            throw S3Errors.translate(e, path);
        }
    }

    @Override
    public List<String> list(String path) throws IOException {
        TreeSet<String> children = new TreeSet<>();
        try {
            for (ListObjectsV2Response page : client.listObjectsV2Paginator(r -> r.bucket(settings.bucket())
                    .prefix(layout.prefix(path)).delimiter("/"))) {
                for (CommonPrefix prefix : page.commonPrefixes()) {
                    String p = prefix.prefix();
                    layout.path(p.substring(0, p.length() - 1)).ifPresent(children::add);
                }
                for (S3Object object : page.contents()) {
                    layout.path(object.key()).ifPresent(children::add);
                }
            }
        } catch (SdkException e) {
            throw S3Errors.translate(e, path);
        }
        if (children.isEmpty() && !StoragePath.ROOT.equals(path)) {
            throw new PathNotFoundException(path, "no directory");
        }
        return new ArrayList<>(children);
    }

    @Override
    public void move(String sourcePath, String destPath) throws IOException {
        long size = head(sourcePath).contentLength();
        if (sourcePath.equals(destPath)) {
            return;
        }
        if (hasKeyBelow(destPath)) { // one one-key listing per move: a copy would put the file beside the directory
            throw new StorageDriverException(null, destPath, "cannot move " + sourcePath + " onto the directory");
        }
        String source = layout.key(sourcePath);
        String dest = layout.key(destPath);
        try {
            copier.copy(source, dest, size);
        } catch (SdkException e) {
            throw S3Errors.translate(e, S3Errors.isNotFound(e) ? sourcePath : destPath);
        }
        try {
            client.deleteObject(r -> r.bucket(settings.bucket()).key(source));
        } catch (SdkException e) {
            throw S3Errors.translate(e, sourcePath);
        }
    }

    /**
     * Deletes the key of the path and every key below {@code key/} (never a key that merely
     * shares the prefix), a listing page of up to 1000 keys per DeleteObjects, and aborts the
     * uploads in progress there.
     */
    @Override
    public void delete(String path) throws IOException {
        String key = layout.key(path);
        String prefix = layout.prefix(path);
        try {
            List<ObjectIdentifier> batch = new ArrayList<>();
            boolean found = false;
            try {
                client.headObject(r -> r.bucket(settings.bucket()).key(key));
                batch.add(ObjectIdentifier.builder().key(key).build());
                found = true;
            } catch (SdkException e) {
                if (!S3Errors.isNotFound(e)) {
                    throw e;
                }
            }
            String startAfter = null;
            while (true) {
                String after = startAfter;
                ListObjectsV2Response page = client.listObjectsV2(r -> r.bucket(settings.bucket()).prefix(prefix)
                        .maxKeys(BATCH - 1).startAfter(after));
                for (S3Object object : page.contents()) {
                    batch.add(ObjectIdentifier.builder().key(object.key()).build());
                    startAfter = object.key();
                }
                if (batch.isEmpty()) {
                    break;
                }
                found = true;
                deleteBatch(path, batch);
                batch.clear();
                if (!Boolean.TRUE.equals(page.isTruncated())) {
                    break;
                }
            }
            uploads.forget(key, prefix);
            uploads.abortAll(key, k -> k.equals(key) || k.startsWith(prefix));
            if (!found) {
                throw new PathNotFoundException(path);
            }
        } catch (SdkException e) {
            throw S3Errors.translate(e, path);
        }
    }

    private void deleteBatch(String path, List<ObjectIdentifier> batch) throws StorageDriverException {
        DeleteObjectsResponse response = client.deleteObjects(r -> r.bucket(settings.bucket())
                .delete(d -> d.objects(batch).quiet(true)));
        if (response.hasErrors() && !response.errors().isEmpty()) {
            var first = response.errors().get(0);
            throw new StorageDriverException(null, path, "DeleteObjects failed for " + response.errors().size()
                    + " keys, first " + first.key() + ": " + first.code() + " " + first.message());
        }
    }

    @Override
    public Optional<URI> redirectUrl(String path, RedirectRequest request) throws IOException {
        Duration expiry = request.expiry().compareTo(settings.redirectMaxExpiry()) > 0
                ? settings.redirectMaxExpiry() : request.expiry();
        String key = layout.key(path);
        try {
            var url = request.method().equals("HEAD")
                    ? presigner.presignHeadObject(p -> p.signatureDuration(expiry)
                            .headObjectRequest(r -> r.bucket(settings.bucket()).key(key))).url()
                    : presigner.presignGetObject(p -> p.signatureDuration(expiry)
                            .getObjectRequest(r -> r.bucket(settings.bucket()).key(key))).url();
            return Optional.of(url.toURI());
        } catch (SdkException e) {
            throw S3Errors.translate(e, path);
        } catch (URISyntaxException e) {
            throw new StorageDriverException(null, path, "presigned URL is not a URI", e);
        }
    }

    /** One flat, lazily paged listing of every key below the path, fed to {@link FlatListingWalker}. */
    @Override
    public void walk(String path, WalkVisitor visitor) throws IOException {
        FlatListingWalker.walk(path, new ObjectCursor(client, settings.bucket(), layout, path), Instant.EPOCH, visitor);
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public void close() {
        try {
            copier.close();
            presigner.close();
        } finally {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "S3Driver[" + settings.bucket() + "/" + layout.root().value() + "]";
    }

    private HeadObjectResponse head(String path) throws IOException {
        try {
            return client.headObject(r -> r.bucket(settings.bucket()).key(layout.key(path)));
        } catch (SdkException e) {
            throw S3Errors.translate(e, path);
        }
    }
}
