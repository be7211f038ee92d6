package dev.stowage.registry.blob;

import dev.stowage.registry.Digest;
import dev.stowage.registry.RepositoryName;
import dev.stowage.registry.layout.Layout;

/**
 * The two kinds of link by which a repository holds blobs, as in the Go registry: layers and
 * configs under {@code _layers}, manifests under {@code _manifests/revisions}.
 */
enum Links {
    LAYERS {
        @Override
        String path(RepositoryName repository, Digest digest) {
            return Layout.layerLink(repository, digest);
        }
    },
    MANIFEST_REVISIONS {
        @Override
        String path(RepositoryName repository, Digest digest) {
            return Layout.manifestRevisionLink(repository, digest);
        }
    };

    abstract String path(RepositoryName repository, Digest digest);
}
