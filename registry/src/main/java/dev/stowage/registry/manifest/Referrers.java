package dev.stowage.registry.manifest;

import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The OCI 1.1 referrers of a repository: for a subject digest, the descriptors of the manifests
 * whose {@code subject} it is. Answered from an index the manifest store keeps as manifests come
 * and go (one folder per subject under {@code _referrers}), never by scanning every manifest.
 *
 * <p>An index entry whose manifest has gone (deleted by another registry's garbage collection,
 * say) is not listed. {@link #rebuild()} makes the index again from the manifests, for a store
 * another registry wrote.
 */
public interface Referrers {

    /**
     * The referrers of {@code subject}, ordered by digest: media type, digest, size,
     * {@code artifactType} (the manifest's, else its config's media type) and annotations. Empty
     * when there are none, also for a subject that was never pushed.
     *
     * @param artifactType keep only referrers of this artifact type, when given
     */
    List<Descriptor> list(Digest subject, Optional<String> artifactType) throws IOException;

    /**
     * The answer body of the OCI referrers API: an image index ({@link MediaTypes#OCI_INDEX},
     * schema version 2) whose {@code manifests} are {@link #list}'s descriptors.
     */
    byte[] index(Digest subject, Optional<String> artifactType) throws IOException;

    /**
     * Makes the index again from every manifest of the repository: adds missing entries, removes
     * entries of manifests that are gone or have no such subject.
     */
    RebuildReport rebuild() throws IOException;

    /**
     * What a rebuild did.
     *
     * @param manifests the manifests read
     * @param added entries written that were missing
     * @param removed stale entries removed
     */
    record RebuildReport(int manifests, int added, int removed) {}
}
