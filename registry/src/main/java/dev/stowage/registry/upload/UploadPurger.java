package dev.stowage.registry.upload;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.stowage.driver.FileInfo;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.WalkAction;
import dev.stowage.registry.layout.Layout;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
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
        Walk walk = new Walk(cutoff, old, errors);
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

    /** Collects the old uploads in walk order (an upload's folder comes right before its files). */
    private final class Walk {
        private final Instant cutoff;
        private final List<UploadPurgeReport.Upload> old;
        private final List<String> errors;
        private final int prefix = Layout.REPOSITORIES.length() + 1;
        private String uploadPath;
        private Instant startedAt;

        Walk(Instant cutoff, List<UploadPurgeReport.Upload> old, List<String> errors) {
            this.cutoff = cutoff;
            this.old = old;
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
            }
            uploadPath = null;
            startedAt = null;
        }

        private Instant readStartedAt(String path) {
            String text;
            try {
                text = new String(driver.getContent(path), US_ASCII);
            } catch (IOException e) {
                errors.add(path + ": " + e.getMessage());
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
