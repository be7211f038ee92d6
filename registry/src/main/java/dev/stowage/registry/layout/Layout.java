package dev.stowage.registry.layout;

import dev.stowage.registry.Digest;
import dev.stowage.registry.DigestInvalidException;
import dev.stowage.registry.RepositoryName;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the registry keeps everything in a driver, exactly as the Go registry
 * ("distribution" 2.x) does, so that either registry serves what the other wrote. Every path of
 * the registry's storage is made here and nowhere else.
 *
 * <pre>
 * /docker/registry/v2/blobs/&lt;alg&gt;/&lt;2 hex&gt;/&lt;hex&gt;/data
 * /docker/registry/v2/repositories/&lt;name&gt;/_layers/&lt;alg&gt;/&lt;hex&gt;/link
 * /docker/registry/v2/repositories/&lt;name&gt;/_manifests/revisions/&lt;alg&gt;/&lt;hex&gt;/link
 * /docker/registry/v2/repositories/&lt;name&gt;/_manifests/tags/&lt;tag&gt;/current/link
 * /docker/registry/v2/repositories/&lt;name&gt;/_manifests/tags/&lt;tag&gt;/index/&lt;alg&gt;/&lt;hex&gt;/link
 * /docker/registry/v2/repositories/&lt;name&gt;/_referrers/&lt;alg&gt;/&lt;subject hex&gt;/&lt;alg&gt;/&lt;hex&gt;   (Stowage only)
 * /docker/registry/v2/repositories/&lt;name&gt;/_uploads/&lt;id&gt;/{data,startedat,hashstates/&lt;alg&gt;/&lt;offset&gt;}
 * </pre>
 *
 * A {@code link} file holds a digest string with no newline; {@code startedat} holds an RFC 3339
 * UTC time to the second.
 */
public final class Layout {

    /** The root of everything the registry stores. */
    public static final String ROOT = "/docker/registry/v2";
    /** The folder of the global, content-addressed blobs. */
    public static final String BLOBS = ROOT + "/blobs";
    /** The folder of the repositories. */
    public static final String REPOSITORIES = ROOT + "/repositories";

    /**
     * The garbage collector's lease, so that two collectors never run on one store at once. A
     * Stowage-only file outside {@code blobs} and {@code repositories}, the only folders the Go
     * registry reads, walks and collects.
     */
    public static final String GC_LEASE = ROOT + "/_stowage/gc-lease";

    private Layout() {}

    /** The folder of one blob: {@code blobs/<alg>/<2 hex>/<hex>}. */
    public static String blobDirectory(Digest digest) {
        Objects.requireNonNull(digest, "digest");
        return BLOBS + "/" + digest.algorithm().id() + "/" + digest.hex().substring(0, 2) + "/" + digest.hex();
    }

    /** The content of one blob: {@code blobs/<alg>/<2 hex>/<hex>/data}. */
    public static String blobData(Digest digest) {
        return blobDirectory(digest) + "/data";
    }

    /**
     * The digest a blob's data path stands for ({@code blobs/<alg>/<2 hex>/<hex>/data}, as
     * {@link #blobData} makes it), or empty for any other path.
     */
    public static Optional<Digest> blobOf(String path) {
        if (!path.startsWith(BLOBS + "/") || !path.endsWith("/data")) {
            return Optional.empty();
        }
        String[] parts = path.substring(BLOBS.length() + 1).split("/");
        if (parts.length != 4 || parts[1].length() != 2 || !parts[2].startsWith(parts[1])) {
            return Optional.empty();
        }
        return digest(parts[0], parts[2]);
    }

    /**
     * The manifest a revision link path of the repository stands for
     * ({@code _manifests/revisions/<alg>/<hex>/link}, as {@link #manifestRevisionLink} makes it),
     * or empty for any other path.
     */
    public static Optional<Digest> revisionOf(RepositoryName name, String path) {
        String root = manifestRevisions(name) + "/";
        if (!path.startsWith(root) || !path.endsWith("/link")) {
            return Optional.empty();
        }
        String[] parts = path.substring(root.length()).split("/");
        return parts.length == 3 ? digest(parts[0], parts[1]) : Optional.empty();
    }

    private static Optional<Digest> digest(String algorithm, String hex) {
        try {
            return Optional.of(Digest.parse(algorithm + ":" + hex));
        } catch (DigestInvalidException e) {
            return Optional.empty();
        }
    }

    /** The folder of one repository. */
    public static String repository(RepositoryName name) {
        return REPOSITORIES + "/" + name.value();
    }

    /** The folder of a repository's layer links. */
    public static String layers(RepositoryName name) {
        return repository(name) + "/_layers";
    }

    /** The link that puts a blob into a repository: {@code _layers/<alg>/<hex>/link}. */
    public static String layerLink(RepositoryName name, Digest digest) {
        return layers(name) + "/" + digest.algorithm().id() + "/" + digest.hex() + "/link";
    }

    /** The folder of a repository's manifest revisions and tags. */
    public static String manifests(RepositoryName name) {
        return repository(name) + "/_manifests";
    }

    /** The folder of a repository's manifest revision links. */
    public static String manifestRevisions(RepositoryName name) {
        return manifests(name) + "/revisions";
    }

    /** The link that puts a manifest into a repository: {@code _manifests/revisions/<alg>/<hex>/link}. */
    public static String manifestRevisionLink(RepositoryName name, Digest digest) {
        return manifestRevisions(name) + "/" + digest.algorithm().id() + "/" + digest.hex() + "/link";
    }

    /** The folder of a repository's tags. */
    public static String tags(RepositoryName name) {
        return manifests(name) + "/tags";
    }

    /** The folder of one tag. */
    public static String tag(RepositoryName name, String tag) {
        return tags(name) + "/" + tag;
    }

    /** The link to the manifest a tag points at now: {@code _manifests/tags/<tag>/current/link}. */
    public static String tagCurrentLink(RepositoryName name, String tag) {
        return tag(name, tag) + "/current/link";
    }

    /** The folder of the manifests a tag has pointed at. */
    public static String tagIndex(RepositoryName name, String tag) {
        return tag(name, tag) + "/index";
    }

    /** One manifest a tag has pointed at: {@code _manifests/tags/<tag>/index/<alg>/<hex>/link}. */
    public static String tagIndexLink(RepositoryName name, String tag, Digest digest) {
        return tagIndex(name, tag) + "/" + digest.algorithm().id() + "/" + digest.hex() + "/link";
    }

    /**
     * The folder of a repository's referrers index (Stowage's own; the Go registry skips folders
     * whose names start with {@code _} and never reads it).
     */
    public static String referrers(RepositoryName name) {
        return repository(name) + "/_referrers";
    }

    /** The folder of the index entries of one subject: {@code _referrers/<alg>/<hex>}. */
    public static String referrersOf(RepositoryName name, Digest subject) {
        return referrers(name) + "/" + subject.algorithm().id() + "/" + subject.hex();
    }

    /**
     * One index entry: the descriptor (JSON) of manifest {@code referrer}, whose subject is
     * {@code subject}: {@code _referrers/<alg>/<subject hex>/<alg>/<referrer hex>}.
     */
    public static String referrerEntry(RepositoryName name, Digest subject, Digest referrer) {
        return referrersOf(name, subject) + "/" + referrer.algorithm().id() + "/" + referrer.hex();
    }

    /** The folder of a repository's uploads. */
    public static String uploads(RepositoryName name) {
        return repository(name) + "/_uploads";
    }

    /** The folder of one upload. */
    public static String upload(RepositoryName name, String id) {
        return uploads(name) + "/" + id;
    }

    /** The bytes of one upload so far. */
    public static String uploadData(RepositoryName name, String id) {
        return upload(name, id) + "/data";
    }

    /**
     * The digest of the blob one upload is being written straight into, at the blob's own path
     * (a registry writes a monolithic upload so where the driver publishes only on commit): the
     * upload purger discards that unpublished session with the upload.
     */
    public static String uploadTarget(RepositoryName name, String id) {
        return upload(name, id) + "/target";
    }

    /** When one upload began. */
    public static String uploadStartedAt(RepositoryName name, String id) {
        return upload(name, id) + "/startedat";
    }

    /** The folder of one upload's saved hash states of one algorithm. */
    public static String uploadHashStates(RepositoryName name, String id, String algorithm) {
        return upload(name, id) + "/hashstates/" + algorithm;
    }

    /** One saved hash state, covering the first {@code offset} bytes of the upload. */
    public static String uploadHashState(RepositoryName name, String id, String algorithm, long offset) {
        return uploadHashStates(name, id, algorithm) + "/" + offset;
    }

    /**
     * One saved hash state with the tag of the driver's writer session it describes
     * ({@link dev.stowage.driver.FileWriter#sessionTag()}): the tag, a newline, then the state as
     * in {@link #uploadHashState}. Stowage's own, beside Go's state, where the driver tags sessions.
     */
    public static String uploadSessionState(RepositoryName name, String id, String algorithm, long offset) {
        return upload(name, id) + "/sessionstates/" + algorithm + "/" + offset;
    }
}
