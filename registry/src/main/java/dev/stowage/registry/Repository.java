package dev.stowage.registry;

import dev.stowage.registry.blob.BlobStore;
import dev.stowage.registry.manifest.ManifestStore;
import dev.stowage.registry.manifest.Referrers;
import dev.stowage.registry.tag.TagStore;

/**
 * One repository of a {@link Registry}: its blobs (layers and configs), its manifests and its
 * tags. Cheap to make; holds no resources.
 */
public interface Repository {

    /** The repository's name. */
    RepositoryName name();

    /** Its blobs: the only way to write blobs into the registry. */
    BlobStore blobs();

    /** Its manifests. */
    ManifestStore manifests();

    /** Its tags. */
    TagStore tags();

    /** The referrers (OCI 1.1) of its manifests. */
    default Referrers referrers() {
        return manifests().referrers();
    }
}
