package dev.stowage.driver.s3;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * The multipart uploads of a bucket, found with ListMultipartUploads and ListParts followed
 * through every page (S3 returns at most 1000 entries a page), and aborted together with their
 * hidden tail objects; and the upload ids of the sessions this driver's writers closed, which
 * let a resume skip the listing.
 */
final class Uploads {

    /** How many closed sessions {@link #remember} keeps; the oldest is forgotten first. */
    static final int REMEMBERED_SESSIONS = 4096;

    private final S3Client client;
    private final String bucket;
    private final KeyLayout layout;
    /**
     * The upload id of each key whose session a writer of this driver closed, newest last: a hint
     * that saves the ListMultipartUploads of a resume, never trusted alone (see {@link #remembered}).
     */
    private final LinkedHashMap<String, String> closed = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED_SESSIONS;
        }
    };

    Uploads(S3Client client, String bucket, KeyLayout layout) {
        this.client = client;
        this.bucket = bucket;
        this.layout = layout;
    }

    /** Every upload in progress whose key starts with {@code prefix} and passes {@code keyFilter}, oldest first per key. */
    List<MultipartUpload> find(String prefix, Predicate<String> keyFilter) {
        List<MultipartUpload> found = new ArrayList<>();
        for (MultipartUpload upload : client.listMultipartUploadsPaginator(r -> r.bucket(bucket).prefix(prefix)).uploads()) {
            if (keyFilter.test(upload.key())) {
                found.add(upload);
            }
        }
        return found;
    }

    /** The most recently started upload of exactly {@code key}, if any. */
    Optional<MultipartUpload> latest(String key) {
        MultipartUpload latest = null;
        for (MultipartUpload upload : find(key, key::equals)) {
            // S3 lists the uploads of one key by initiation time; ties keep the later-listed one
            if (latest == null || !upload.initiated().isBefore(latest.initiated())) {
                latest = upload;
            }
        }
        return Optional.ofNullable(latest);
    }

    /** Notes that a writer of this driver closed the session {@code uploadId} of {@code key}. */
    void remember(String key, String uploadId) {
        synchronized (closed) {
            closed.put(key, uploadId);
        }
    }

    /**
     * The upload id a writer of this driver last closed for {@code key}, if it remembers one. Only
     * a hint: another process may have aborted or completed that upload since (a ListParts of it
     * then answers NoSuchUpload, and the caller lists the uploads), but never started a newer one
     * without aborting it, since a fresh writer aborts the key's uploads before it starts its own.
     */
    Optional<String> remembered(String key) {
        synchronized (closed) {
            return Optional.ofNullable(closed.get(key));
        }
    }

    /** Forgets the sessions of {@code key} and, with a non-null {@code prefix}, of every key below it. */
    void forget(String key, String prefix) {
        synchronized (closed) {
            closed.remove(key);
            if (prefix != null) {
                closed.keySet().removeIf(k -> k.startsWith(prefix));
            }
        }
    }

    /** The parts uploaded so far, ascending by part number. */
    List<Part> parts(String key, String uploadId) {
        List<Part> parts = new ArrayList<>();
        for (Part part : client.listPartsPaginator(r -> r.bucket(bucket).key(key).uploadId(uploadId)).parts()) {
            parts.add(part);
        }
        parts.sort((a, b) -> Integer.compare(a.partNumber(), b.partNumber()));
        return parts;
    }

    /** Aborts an upload and deletes its hidden tail; an upload already gone is fine. */
    void abort(String key, String uploadId) {
        try {
            client.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            if (!S3Errors.isNotFound(e)) {
                throw e;
            }
        }
        deleteTail(uploadId);
    }

    /**
     * Aborts every upload whose key passes {@code keyFilter}. It lists again until none is left,
     * since some S3-compatible servers (S3Mock among them) ignore the upload-id marker and cannot
     * page past 1000 uploads of one key.
     */
    void abortAll(String prefix, Predicate<String> keyFilter) {
        Set<String> aborted = new HashSet<>();
        while (true) {
            boolean progress = false;
            for (MultipartUpload upload : find(prefix, keyFilter)) {
                if (aborted.add(upload.uploadId())) {
                    abort(upload.key(), upload.uploadId());
                    progress = true;
                }
            }
            if (!progress) {
                return;
            }
        }
    }

    /** Deletes the hidden tail object of an upload, if there is one. */
    void deleteTail(String uploadId) {
        client.deleteObject(r -> r.bucket(bucket).key(layout.tailKey(uploadId)));
    }
}
