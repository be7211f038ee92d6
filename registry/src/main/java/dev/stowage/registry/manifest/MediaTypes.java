package dev.stowage.registry.manifest;

import java.util.Set;

/** The media types the manifest store knows, by the names the specifications give them. */
public final class MediaTypes {

    /** An OCI image manifest. */
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    /** An OCI image index. */
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    /** A Docker image manifest, schema 2. */
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    /** A Docker manifest list. */
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    /** A Docker schema 1 manifest (signed or not): refused. */
    public static final Set<String> DOCKER_SCHEMA1 = Set.of(
            "application/vnd.docker.distribution.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v1+prettyjws");

    /** A Docker foreign layer: fetched by clients from its URLs, so its presence is not checked. */
    public static final String DOCKER_FOREIGN_LAYER = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
    /** The OCI layer media types whose descriptors may carry URLs. */
    public static final Set<String> OCI_LAYERS_WITH_URLS = Set.of(
            "application/vnd.oci.image.layer.v1.tar",
            "application/vnd.oci.image.layer.v1.tar+gzip",
            "application/vnd.oci.image.layer.v1.tar+zstd",
            "application/vnd.oci.image.layer.nondistributable.v1.tar",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd");
    /** The OCI layer media types that are non-distributable: with URLs, their presence is not checked. */
    public static final Set<String> OCI_NON_DISTRIBUTABLE = Set.of(
            "application/vnd.oci.image.layer.nondistributable.v1.tar",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd");
    /** The OCI empty descriptor's media type ({@code {}}), the config of artifacts. */
    public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";

    private MediaTypes() {}

    /** Whether a media type is an index or list of manifests. */
    public static boolean isIndex(String mediaType) {
        return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
    }

    /** Whether a media type is one the store accepts. */
    public static boolean isManifest(String mediaType) {
        return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType) || isIndex(mediaType);
    }
}
