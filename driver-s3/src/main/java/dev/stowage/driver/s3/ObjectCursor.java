package dev.stowage.driver.s3;

import dev.stowage.driver.FileCursor;
import dev.stowage.driver.FileInfo;
import java.io.IOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Every object below one key prefix as files, ascending by key, one ListObjectsV2 page at a time
 * (S3 returns keys in that order); a page is fetched when the previous one is used up, and keys
 * that map to no path are left out. A failed page fetch is the SPI's exception about the walked path.
 */
final class ObjectCursor implements FileCursor {

    private final S3Client client;
    private final String bucket;
    private final KeyLayout layout;
    private final String prefix;
    private final String path;
    private Iterator<S3Object> page = Collections.emptyIterator();
    private String continuation;
    private boolean lastPage;

    /** A cursor over the keys under {@code layout.prefix(path)}; nothing is fetched before {@link #next()}. */
    ObjectCursor(S3Client client, String bucket, KeyLayout layout, String path) {
        this.client = client;
        this.bucket = bucket;
        this.layout = layout;
        this.prefix = layout.prefix(path);
        this.path = path;
    }

    @Override
    public FileInfo next() throws IOException {
        while (true) {
            while (page.hasNext()) {
                S3Object object = page.next();
                Optional<String> file = layout.path(object.key());
                if (file.isPresent()) {
                    return FileInfo.file(file.get(), object.size(), object.lastModified());
                }
            }
            if (lastPage) {
                return null;
            }
            fetch();
        }
    }

    private void fetch() throws IOException {
        String token = continuation;
        ListObjectsV2Response response;
        try {
            response = client.listObjectsV2(r -> r.bucket(bucket).prefix(prefix).continuationToken(token));
        } catch (SdkException e) {
            throw S3Errors.translate(e, path);
        }
        page = response.contents().iterator();
        continuation = response.nextContinuationToken();
        lastPage = !Boolean.TRUE.equals(response.isTruncated()) || continuation == null;
    }
}
