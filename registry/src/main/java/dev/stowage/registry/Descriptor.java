package dev.stowage.registry;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An OCI content descriptor: what a piece of content is, which digest it has and how large it is,
 * with the optional fields of the OCI image specification. The blob layers fill in the first
 * three; manifests carry the rest.
 *
 * @param mediaType the media type; {@value #DEFAULT_MEDIA_TYPE} when nothing more is known
 * @param digest the content's digest
 * @param size the content's length in bytes, never negative
 * @param urls where else the content may be fetched (foreign layers); empty when none
 * @param annotations string annotations; empty when none
 * @param artifactType the artifact type of the content it describes, when it is an artifact
 * @param platform the platform an index entry is for
 */
public record Descriptor(
        String mediaType,
        Digest digest,
        long size,
        List<String> urls,
        Map<String, String> annotations,
        Optional<String> artifactType,
        Optional<Platform> platform) {

    /** The media type of a blob the registry knows nothing more about, as the Go registry says. */
    public static final String DEFAULT_MEDIA_TYPE = "application/octet-stream";

    public Descriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size + " for " + digest);
        }
        urls = List.copyOf(urls);
        annotations = Map.copyOf(annotations);
        Objects.requireNonNull(artifactType, "artifactType");
        Objects.requireNonNull(platform, "platform");
    }

    /** A descriptor with only a media type, digest and size. */
    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, List.of(), Map.of(), Optional.empty(), Optional.empty());
    }

    /** A copy with the media type replaced. */
    public Descriptor withMediaType(String value) {
        return new Descriptor(value, digest, size, urls, annotations, artifactType, platform);
    }

    /**
     * The platform an image index entry is for.
     *
     * @param architecture the CPU architecture, as {@code amd64}
     * @param os the operating system, as {@code linux}
     * @param osVersion the operating system version, when given
     * @param osFeatures required operating system features; empty when none
     * @param variant the CPU variant, as {@code v8}, when given
     */
    public record Platform(String architecture, String os, Optional<String> osVersion,
                           List<String> osFeatures, Optional<String> variant) {
        public Platform {
            Objects.requireNonNull(architecture, "architecture");
            Objects.requireNonNull(os, "os");
            Objects.requireNonNull(osVersion, "osVersion");
            osFeatures = List.copyOf(osFeatures);
            Objects.requireNonNull(variant, "variant");
        }
    }
}
