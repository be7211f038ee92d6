package dev.stowage.registry.manifest;

import dev.stowage.registry.Descriptor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A manifest as stored: its exact bytes (the digest is of these) and what they say. An image
 * manifest references its config and layers; an index (or Docker manifest list) its child
 * manifests. Either may name a {@code subject} (OCI 1.1) and an {@code artifactType}.
 */
public final class Manifest {

    private final Descriptor descriptor;
    private final byte[] content;
    private final Optional<Descriptor> config;
    private final List<Descriptor> layers;
    private final List<Descriptor> manifests;
    private final Optional<Descriptor> subject;

    Manifest(Descriptor descriptor, byte[] content, Optional<Descriptor> config, List<Descriptor> layers,
             List<Descriptor> manifests, Optional<Descriptor> subject) {
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.content = content.clone();
        this.config = config;
        this.layers = List.copyOf(layers);
        this.manifests = List.copyOf(manifests);
        this.subject = subject;
    }

    /**
     * The manifest's own descriptor: its media type, the digest and size of its bytes, and its
     * {@code artifactType} and annotations (as a referrers listing shows them).
     */
    public Descriptor descriptor() {
        return descriptor;
    }

    /** The media type, as {@link MediaTypes#OCI_MANIFEST}. */
    public String mediaType() {
        return descriptor.mediaType();
    }

    /** A copy of the exact bytes. */
    public byte[] content() {
        return content.clone();
    }

    /** Whether this is an index or a Docker manifest list. */
    public boolean isIndex() {
        return MediaTypes.isIndex(descriptor.mediaType());
    }

    /** The config of an image manifest; empty for an index. */
    public Optional<Descriptor> config() {
        return config;
    }

    /** The layers of an image manifest, in order; empty for an index. */
    public List<Descriptor> layers() {
        return layers;
    }

    /** The child manifests of an index, in order; empty for an image manifest. */
    public List<Descriptor> manifests() {
        return manifests;
    }

    /** Everything the manifest references: config and layers, or child manifests. Not the subject. */
    public List<Descriptor> references() {
        if (isIndex()) {
            return manifests;
        }
        return config.map(c -> {
            Descriptor[] all = new Descriptor[layers.size() + 1];
            all[0] = c;
            for (int i = 0; i < layers.size(); i++) {
                all[i + 1] = layers.get(i);
            }
            return List.of(all);
        }).orElse(layers);
    }

    /** The manifest this one refers to (OCI 1.1 {@code subject}), if any. */
    public Optional<Descriptor> subject() {
        return subject;
    }

    /** The artifact type: the {@code artifactType} field, else (for an image manifest) the config's media type. */
    public Optional<String> artifactType() {
        if (descriptor.artifactType().isPresent() || isIndex()) {
            return descriptor.artifactType();
        }
        return config.map(Descriptor::mediaType);
    }

    /** The manifest's top-level annotations. */
    public Map<String, String> annotations() {
        return descriptor.annotations();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Manifest m && descriptor.equals(m.descriptor) && Arrays.equals(content, m.content);
    }

    @Override
    public int hashCode() {
        return descriptor.hashCode();
    }

    @Override
    public String toString() {
        return descriptor.mediaType() + " " + descriptor.digest() + " (" + descriptor.size() + " bytes)";
    }
}
