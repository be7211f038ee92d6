package dev.stowage.registry.tag;

import dev.stowage.registry.Digest;
import dev.stowage.registry.ManifestInvalidException;
import dev.stowage.registry.ManifestUnknownException;
import dev.stowage.registry.NameUnknownException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The tags of one repository, stored as the Go registry stores them: a tag's {@code current}
 * link names the manifest it points at, and its {@code index} keeps a link for every manifest it
 * has pointed at. Tag names follow the OCI grammar {@code [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}}.
 */
public interface TagStore {

    /** The tags of {@code repository} in {@code driver}. */
    static TagStore over(dev.stowage.driver.StorageDriver driver, dev.stowage.registry.RepositoryName repository) {
        return new LinkTagStore(driver, repository);
    }

    /** The OCI tag grammar. */
    Pattern NAME = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

    /**
     * Points a tag at a manifest (which the caller has checked is in the repository).
     *
     * @throws ManifestInvalidException if the tag name is outside the grammar
     */
    void tag(String tag, Digest manifest) throws IOException;

    /**
     * The manifest a tag points at.
     *
     * @throws ManifestUnknownException if the repository has no such tag
     */
    Digest resolve(String tag) throws IOException;

    /**
     * Removes a tag (its current link and its index); the manifests stay.
     *
     * @throws ManifestUnknownException if the repository has no such tag
     */
    void untag(String tag) throws IOException;

    /**
     * The repository's tags in lexical order: those after {@code last} (exclusive) when given, at
     * most {@code limit} of them.
     *
     * @throws NameUnknownException if the repository has no tags folder at all
     */
    TagPage list(Optional<String> last, int limit) throws IOException;

    /** The tags that point at a manifest now, in lexical order. */
    List<String> lookup(Digest manifest) throws IOException;

    /**
     * One page of a tag listing.
     *
     * @param tags the tags of this page, in lexical order
     * @param more whether tags follow the last of this page
     */
    record TagPage(List<String> tags, boolean more) {
        public TagPage {
            tags = List.copyOf(tags);
        }
    }

    /**
     * Checks a tag name against the grammar.
     *
     * @throws ManifestInvalidException naming the tag and the grammar
     */
    static String checkName(String tag) throws ManifestInvalidException {
        if (tag == null || !NAME.matcher(tag).matches()) {
            throw new ManifestInvalidException("invalid tag \"" + tag + "\": a tag is 1 to 128 of [a-zA-Z0-9_.-],"
                    + " not starting with '.' or '-'");
        }
        return tag;
    }
}
