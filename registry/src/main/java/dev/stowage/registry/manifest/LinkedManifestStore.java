package dev.stowage.registry.manifest;

import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriver;
import dev.stowage.registry.BlobUnknownException;
import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.ManifestBlobUnknownException;
import dev.stowage.registry.ManifestInvalidException;
import dev.stowage.registry.ManifestTooLargeException;
import dev.stowage.registry.ManifestUnknownException;
import dev.stowage.registry.OperationUnsupportedException;
import dev.stowage.registry.RegistryOptions;
import dev.stowage.registry.blob.BlobStore;
import dev.stowage.registry.layout.Layout;
import dev.stowage.registry.tag.TagStore;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@link ManifestStore} over a repository's manifest revisions (a {@link BlobStore} linked under
 * {@code _manifests/revisions}), its layer blobs (for the reference checks, always confirmed
 * against storage) and its tags (for deletes).
 */
final class LinkedManifestStore implements ManifestStore {

    private final StorageDriver driver;
    private final BlobStore revisions;
    private final BlobStore layers;
    private final TagStore tags;
    private final RegistryOptions options;
    private final IndexedReferrers referrers;
    private final List<Pattern> allow;
    private final List<Pattern> deny;

    LinkedManifestStore(StorageDriver driver, BlobStore revisions, BlobStore layers, TagStore tags,
                        RegistryOptions options) {
        this.driver = driver;
        this.revisions = revisions;
        this.layers = layers;
        this.tags = tags;
        this.options = options;
        this.referrers = new IndexedReferrers(driver, layers.repository(), revisions, this);
        this.allow = options.manifestUrlsAllow().stream().map(Pattern::compile).toList();
        this.deny = options.manifestUrlsDeny().stream().map(Pattern::compile).toList();
    }

    @Override
    public Referrers referrers() {
        return referrers;
    }

    @Override
    public Manifest put(String mediaType, byte[] content) throws IOException {
        if (content.length > options.maxManifestSize()) {
            throw new ManifestTooLargeException("manifest of " + content.length + " bytes is larger than the "
                    + options.maxManifestSize() + " accepted", options.maxManifestSize());
        }
        Manifest manifest = ManifestParser.parse(mediaType, content);
        List<Digest> checked = new ArrayList<>();
        List<Digest> missing = new ArrayList<>();
        if (manifest.isIndex()) {
            for (Descriptor child : manifest.manifests()) {
                checked.add(child.digest());
                if (!holdsManifest(child.digest())) {
                    missing.add(child.digest());
                }
            }
        } else {
            for (Descriptor reference : manifest.references()) {
                if (needsPresence(manifest.mediaType(), reference)) {
                    checked.add(reference.digest());
                    if (!holdsBlob(reference.digest())) {
                        missing.add(reference.digest());
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new ManifestBlobUnknownException("manifest references " + missing.size() + " blob(s) not in repository "
                    + layers.repository() + ": " + missing, missing);
        }
        revisions.put(manifest.mediaType(), content);
        referrers.add(manifest); // after the revision link: an entry never names a manifest not yet stored
        recheck(manifest, checked);
        return manifest;
    }

    /**
     * Checks once more, after the revision link is written, that the manifest's own blob and every
     * reference checked before are still there. A garbage collection running meanwhile (whose
     * re-mark walked past this repository before the link existed) may have swept one; then the
     * revision link and the referrers entry are removed again and the put fails, so that a push
     * racing a sweep fails cleanly instead of leaving a manifest that cannot be pulled. A sweep
     * that deletes a blob after this check still leaves the manifest broken: see
     * {@link dev.stowage.registry.gc.GarbageCollector} for that remaining window.
     */
    private void recheck(Manifest manifest, List<Digest> checked) throws IOException {
        Digest digest = manifest.descriptor().digest();
        List<Digest> vanished = new ArrayList<>();
        if (!holdsManifest(digest)) {
            vanished.add(digest);
        }
        for (Digest reference : checked) {
            if (manifest.isIndex() ? !holdsManifest(reference) : !holdsBlob(reference)) {
                vanished.add(reference);
            }
        }
        if (vanished.isEmpty()) {
            return;
        }
        try {
            driver.delete(Layout.manifestRevisionLink(layers.repository(), digest));
        } catch (PathNotFoundException e) {
            // removed meanwhile
        }
        referrers.remove(manifest);
        throw new ManifestBlobUnknownException("manifest " + digest + " withdrawn: " + vanished.size()
                + " blob(s) it references left repository " + layers.repository() + " while it was stored"
                + " (a garbage collection swept them): " + vanished, vanished);
    }

    /**
     * Whether a reference must be in the repository, after checking its URLs: as the Go registry,
     * a Docker foreign layer must have URLs and is not checked; an OCI (non-distributable) layer's
     * URLs must be http(s) without a fragment, and a non-distributable one with URLs is not
     * checked; any other reference with URLs in a Docker manifest is refused. Every URL must also
     * match one of the allowed expressions (when any are set) and none of the denied ones.
     */
    private boolean needsPresence(String manifestType, Descriptor reference) throws ManifestInvalidException {
        String type = reference.mediaType();
        if (manifestType.equals(MediaTypes.DOCKER_MANIFEST)) {
            if (type.equals(MediaTypes.DOCKER_FOREIGN_LAYER)) {
                if (reference.urls().isEmpty()) {
                    throw new ManifestInvalidException("foreign layer " + reference.digest() + " has no URLs");
                }
                checkUrls(reference);
                return false;
            }
            if (!reference.urls().isEmpty()) {
                throw new ManifestInvalidException("layer " + reference.digest() + " of type " + type
                        + " has URLs; only foreign layers may");
            }
            return true;
        }
        if (MediaTypes.OCI_LAYERS_WITH_URLS.contains(type)) {
            checkUrls(reference);
            return reference.urls().isEmpty() || !MediaTypes.OCI_NON_DISTRIBUTABLE.contains(type);
        }
        return true;
    }

    private void checkUrls(Descriptor reference) throws ManifestInvalidException {
        for (String url : reference.urls()) {
            try {
                URI uri = new URI(url);
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getFragment() != null) {
                    throw new ManifestInvalidException("layer " + reference.digest() + " has an invalid URL \"" + url
                            + "\": only http and https URLs without a fragment are accepted");
                }
            } catch (URISyntaxException e) {
                throw new ManifestInvalidException("layer " + reference.digest() + " has a malformed URL \"" + url + "\"", e);
            }
            if (!allow.isEmpty() && allow.stream().noneMatch(p -> p.matcher(url).find())) {
                throw new ManifestInvalidException("layer " + reference.digest() + " has URL \"" + url
                        + "\", which no allowed expression matches " + options.manifestUrlsAllow());
            }
            for (Pattern p : deny) {
                if (p.matcher(url).find()) {
                    throw new ManifestInvalidException("layer " + reference.digest() + " has URL \"" + url
                            + "\", which the denied expression \"" + p + "\" matches");
                }
            }
        }
    }

    private boolean holdsBlob(Digest digest) throws IOException {
        try {
            layers.verify(digest);
            return true;
        } catch (BlobUnknownException e) {
            return false;
        }
    }

    private boolean holdsManifest(Digest digest) throws IOException {
        try {
            revisions.verify(digest);
            return true;
        } catch (BlobUnknownException e) {
            return false;
        }
    }

    @Override
    public Manifest get(Digest digest) throws IOException {
        byte[] content;
        try {
            content = revisions.get(digest);
        } catch (BlobUnknownException e) {
            throw unknown(digest, e);
        }
        try {
            return ManifestParser.parse("", content);
        } catch (ManifestInvalidException e) {
            throw new ManifestInvalidException("stored manifest " + digest + " of " + layers.repository()
                    + " cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public Descriptor stat(Digest digest) throws IOException {
        try {
            return revisions.verify(digest);
        } catch (BlobUnknownException e) {
            throw unknown(digest, e);
        }
    }

    @Override
    public void delete(Digest digest) throws IOException {
        if (!options.deleteEnabled()) {
            throw new OperationUnsupportedException("deleting manifests is switched off in this registry");
        }
        Manifest manifest = get(digest);
        for (String tag : tags.lookup(digest)) {
            try {
                tags.untag(tag);
            } catch (ManifestUnknownException e) {
                // untagged meanwhile
            }
        }
        try {
            revisions.delete(digest);
        } catch (BlobUnknownException e) {
            throw unknown(digest, e);
        }
        referrers.remove(manifest);
    }

    private ManifestUnknownException unknown(Digest digest, Throwable cause) {
        return new ManifestUnknownException("manifest " + digest + " is not in repository " + layers.repository(), cause);
    }
}
