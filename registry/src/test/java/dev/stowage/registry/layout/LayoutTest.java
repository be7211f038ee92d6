package dev.stowage.registry.layout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.registry.Digest;
import dev.stowage.registry.RepositoryName;
import org.junit.jupiter.api.Test;

class LayoutTest {

    private static final Digest D = Digest.sha256(new byte[] {1});
    private static final RepositoryName R = new RepositoryName("a/b");

    @Test
    void pathsAreTheGoRegistrys() {
        assertThat(Layout.blobData(D)).isEqualTo("/docker/registry/v2/blobs/sha256/" + D.hex().substring(0, 2) + "/"
                + D.hex() + "/data");
        assertThat(Layout.manifestRevisionLink(R, D)).isEqualTo("/docker/registry/v2/repositories/a/b/_manifests/revisions/sha256/"
                + D.hex() + "/link");
        assertThat(Layout.uploadHashState(R, "u", "sha256", 42)).endsWith("/a/b/_uploads/u/hashstates/sha256/42");
    }

    @Test
    void blobAndRevisionPathsAreReadBackAndStrayPathsAreNot() {
        assertThat(Layout.blobOf(Layout.blobData(D))).contains(D);
        assertThat(Layout.blobOf(Layout.blobDirectory(D) + "/other")).isEmpty();
        assertThat(Layout.blobOf(Layout.BLOBS + "/sha256/zz/" + D.hex() + "/data")).isEmpty();
        assertThat(Layout.blobOf(Layout.BLOBS + "/sha256/" + D.hex().substring(0, 2) + "/abc/data")).isEmpty();
        assertThat(Layout.revisionOf(R, Layout.manifestRevisionLink(R, D))).contains(D);
        assertThat(Layout.revisionOf(new RepositoryName("a"), Layout.manifestRevisionLink(R, D))).isEmpty();
        assertThat(Layout.revisionOf(R, Layout.layerLink(R, D))).isEmpty();
    }
}
