package dev.stowage.registry.upload;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.stowage.driver.FileInfo;
import dev.stowage.driver.FileWriter;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.WalkAction;
import dev.stowage.registry.Digest;
import dev.stowage.registry.RegistryException;
import dev.stowage.registry.layout.Layout;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Removes uploads that began too long ago, recognising them exactly as the Go registry 2.8.2 does
 * ({@code registry/storage/purgeuploads.go}, {@code PurgeUploads}), so that either registry purges
 * the other's.
 *
 * <ul>
 *   <li>An upload is a folder {@code <repository>/_uploads/<uuid>} below
 *       {@code /docker/registry/v2/repositories}, where {@code <uuid>} is 8-4-4-4-12 hex digits in
 *       either case (Go's {@code uuid.Parse}). Anything else in {@code _uploads} is left alone.</li>
 *   <li>Its age is its {@code startedat} file: RFC 3339 with seconds, as Go's
 *       {@code time.Parse(time.RFC3339, …)} reads it (no surrounding white space). An upload
 *       without {@code startedat} is kept (Go dates it 10,000 hours ahead); one whose
 *       {@code startedat} cannot be read is kept and named in {@link UploadPurgeReport#errors()}.</li>
 *   <li>It is purged when it began strictly before {@code now - olderThan}: its whole folder is
 *       deleted ({@code data}, {@code startedat}, {@code hashstates}). With a dry run it is only
 *       reported. An upload gone before its turn (finished or cancelled meanwhile) is skipped.</li>
 *   <li>An upload with a {@code target} file (this registry's: see
 *       {@link Layout#uploadTarget}) was being written straight at that blob's path, on a driver
 *       that publishes only on commit; the unpublished writer session there is discarded with the
 *       upload (a blob already published there stays).</li>
 *   <li>Nothing outside {@code _uploads/<uuid>} folders is ever deleted; the walk never enters
 *       {@code _layers} or {@code _manifests}.</li>
 * </ul>
 *
 * <p>Age is the only test, as in the Go registry: an upload that a request is writing when it is
 * purged is lost to that request (it fails on commit or resume with an unknown upload). Choose an
 * age well beyond the longest upload; the Go registry's default is a week.
 *
 * <p>One {@link StorageDriver#walk} per run, then the deletions. Thread-safe.
 */
public final class UploadPurger {

    private static final Pattern UUID_FORM = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern RFC3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");
    private static final String UPLOADS = "_uploads";
    private static final String STARTED_AT = "startedat";
    private static final String TARGET = "target";

    private final StorageDriver driver;
    private final Clock clock;

    /** A purger of the uploads in {@code driver}, telling the time by {@code clock}. */
    public UploadPurger(StorageDriver driver, Clock clock) {
        this.driver = Objects.requireNonNull(driver, "driver");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Purges (or, with {@code dryRun}, lists) every upload that began before {@code now - olderThan}.
     * A zero or negative age purges every dated upload begun before now or the given time ahead.
     * Failures to read a {@code startedat} or to delete an upload are collected in the report, not
     * thrown; a failure of the walk itself is thrown.
     */
    public UploadPurgeReport purge(Duration olderThan, boolean dryRun) throws IOException {
        Objects.requireNonNull(olderThan, "olderThan");
        Instant cutoff = clock.instant().minus(olderThan);
        List<String> errors = new ArrayList<>();
        List<UploadPurgeReport.Upload> old = new ArrayList<>();
        Map<String, String> targets = new HashMap<>();
        Walk walk = new Walk(cutoff, old, targets, errors);
        try {
            driver.walk(Layout.REPOSITORIES, walk::visit);
        } catch (PathNotFoundException empty) {
            // no repositories, no uploads
        }
        walk.finishUpload();
        List<UploadPurgeReport.Upload> purged = new ArrayList<>();
        for (UploadPurgeReport.Upload upload : old) {
            if (!dryRun) {
                try {
                    String target = targets.get(upload.path());
                    if (target != null) {
                        discardSessionAt(target);
                    }
                    driver.delete(upload.path());
                } catch (PathNotFoundException gone) {
                    continue;
                } catch (IOException e) {
                    errors.add(upload.path() + ": " + e.getMessage());
                    continue;
                }
            }
            purged.add(upload);
        }
        return new UploadPurgeReport(cutoff, dryRun, purged, errors);
    }

    /**
     * Discards the unpublished writer session an upload left at the path of the blob named in its
     * {@code target} file: a fresh writer there discards it, and cancelling that one leaves the
     * path as it was (on a driver whose commits are atomic, the only kind such a file is written
     * for).
     */
    private void discardSessionAt(String target) throws IOException {
        if (!driver.capabilities().atomicCommit()) {
            return;
        }
        Digest digest;
        try {
            digest = Digest.parse(target.trim());
        } catch (RegistryException e) {
            throw new IOException("its target file names no digest: \"" + target + "\"", e);
        }
        FileWriter session = driver.writer(Layout.blobData(digest), false);
        try {
            session.cancel();
        } finally {
            session.close();
        }
    }

    /** Collects the old uploads in walk order (an upload's folder comes right before its files). */
    private final class Walk {
        private final Instant cutoff;
        private final List<UploadPurgeReport.Upload> old;
        private final Map<String, String> targets;
        private final List<String> errors;
        private final int prefix = Layout.REPOSITORIES.length() + 1;
        private String uploadPath;
        private Instant startedAt;
        private String target;

        Walk(Instant cutoff, List<UploadPurgeReport.Upload> old, Map<String, String> targets, List<String> errors) {
            this.cutoff = cutoff;
            this.old = old;
            this.targets = targets;
            this.errors = errors;
        }

        WalkAction visit(FileInfo entry) {
            String path = entry.path();
            int slash = path.lastIndexOf('/');
            String parent = path.substring(0, slash);
            String name = path.substring(slash + 1);
            if (uploadPath != null && parent.equals(uploadPath)) {
                if (name.equals(STARTED_AT) && !entry.isDirectory()) {
                    startedAt = readStartedAt(path);
                } else if (name.equals(TARGET) && !entry.isDirectory()) {
                    target = read(path);
                }
                return WalkAction.SKIP_SUBTREE; // data, hashstates: nothing to judge by
            }
            finishUpload();
            if (parent.endsWith("/" + UPLOADS) && parent.length() > prefix + UPLOADS.length()) {
                if (entry.isDirectory() && UUID_FORM.matcher(name).matches()) {
                    uploadPath = path;
                    return WalkAction.CONTINUE;
                }
                return WalkAction.SKIP_SUBTREE; // not an upload: left alone
            }
            if (name.startsWith("_") && !name.equals(UPLOADS)) {
                return WalkAction.SKIP_SUBTREE; // _layers, _manifests and other reserved folders
            }
            return WalkAction.CONTINUE;
        }

        /** Judges the upload whose folder the walk has just left. */
        void finishUpload() {
            if (uploadPath != null && startedAt != null && startedAt.isBefore(cutoff)) {
                String relative = uploadPath.substring(prefix);
                int uploads = relative.lastIndexOf("/" + UPLOADS + "/");
                old.add(new UploadPurgeReport.Upload(relative.substring(0, uploads),
                        relative.substring(uploads + UPLOADS.length() + 2), startedAt, uploadPath));
                if (target != null) {
                    targets.put(uploadPath, target);
                }
            }
            uploadPath = null;
            startedAt = null;
            target = null;
        }

        /** The text of a small file, or null (the failure noted) if it cannot be read. */
        private String read(String path) {
            try {
                return new String(driver.getContent(path), US_ASCII);
            } catch (IOException e) {
                errors.add(path + ": " + e.getMessage());
                return null;
            }
        }

        private Instant readStartedAt(String path) {
            String text = read(path);
            if (text == null) {
                return null;
            }
            if (!RFC3339.matcher(text).matches()) {
                errors.add(path + ": not an RFC 3339 time: \"" + text + "\"");
                return null;
            }
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                errors.add(path + ": not an RFC 3339 time: \"" + text + "\"");
                return null;
            }
        }
    }
}
