package dev.stowage.registry.upload;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one {@link UploadPurger#purge} run did.
 *
 * @param cutoff uploads begun strictly before this instant were purged
 * @param dryRun whether this was a dry run: then {@link #purged()} lists what would have been
 *     deleted and nothing was
 * @param purged the uploads deleted (or, in a dry run, that would have been), in walk order
 * @param errors one line per {@code startedat} that could not be read and per upload that could
 *     not be deleted, each starting with the path concerned; those uploads are still there
 */
public record UploadPurgeReport(Instant cutoff, boolean dryRun, List<Upload> purged, List<String> errors) {

    public UploadPurgeReport {
        Objects.requireNonNull(cutoff, "cutoff");
        purged = List.copyOf(purged);
        errors = List.copyOf(errors);
    }

    /** How many uploads were (or would have been) deleted. */
    public int count() {
        return purged.size();
    }

    /**
     * One purged upload.
     *
     * @param repository the repository's folder below the repositories root, as stored (normally a
     *     repository name)
     * @param id the upload's UUID, as stored
     * @param startedAt when it began, from its {@code startedat}
     * @param path the upload's folder in the driver
     */
    public record Upload(String repository, String id, Instant startedAt, String path) {

        public Upload {
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(path, "path");
        }
    }
}
