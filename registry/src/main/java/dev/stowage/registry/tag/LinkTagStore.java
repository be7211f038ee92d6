package dev.stowage.registry.tag;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriver;
import dev.stowage.registry.Digest;
import dev.stowage.registry.DigestInvalidException;
import dev.stowage.registry.ManifestUnknownException;
import dev.stowage.registry.NameUnknownException;
import dev.stowage.registry.RepositoryName;
import dev.stowage.registry.layout.Layout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link TagStore} over a driver, in the Go registry's layout. */
final class LinkTagStore implements TagStore {

    private final StorageDriver driver;
    private final RepositoryName repository;

    /** The tags of {@code repository} in {@code driver}. */
    LinkTagStore(StorageDriver driver, RepositoryName repository) {
        this.driver = driver;
        this.repository = repository;
    }

    @Override
    public void tag(String tag, Digest manifest) throws IOException {
        TagStore.checkName(tag);
        byte[] link = manifest.toString().getBytes(US_ASCII);
        // as the Go registry: the index entry first, then the current link
        driver.putContent(Layout.tagIndexLink(repository, tag, manifest), link);
        driver.putContent(Layout.tagCurrentLink(repository, tag), link);
    }

    @Override
    public Digest resolve(String tag) throws IOException {
        TagStore.checkName(tag);
        byte[] link;
        try {
            link = driver.getContent(Layout.tagCurrentLink(repository, tag));
        } catch (PathNotFoundException e) {
            throw new ManifestUnknownException("tag \"" + tag + "\" is not in repository " + repository, e);
        }
        try {
            return Digest.parse(new String(link, US_ASCII));
        } catch (DigestInvalidException e) {
            throw new ManifestUnknownException("tag \"" + tag + "\" of " + repository + " has a corrupt link: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void untag(String tag) throws IOException {
        TagStore.checkName(tag);
        try {
            driver.delete(Layout.tag(repository, tag));
        } catch (PathNotFoundException e) {
            throw new ManifestUnknownException("tag \"" + tag + "\" is not in repository " + repository, e);
        }
    }

    @Override
    public TagPage list(Optional<String> last, int limit) throws IOException {
        if (limit < 0) {
            throw new IllegalArgumentException("negative page size " + limit);
        }
        List<String> page = new ArrayList<>();
        boolean more = false;
        for (String tag : all()) {
            if (last.isPresent() && tag.compareTo(last.get()) <= 0) {
                continue;
            }
            if (page.size() == limit) {
                more = true;
                break;
            }
            page.add(tag);
        }
        return new TagPage(page, more);
    }

    @Override
    public List<String> lookup(Digest manifest) throws IOException {
        List<String> found = new ArrayList<>();
        List<String> tags;
        try {
            tags = all();
        } catch (NameUnknownException e) {
            return found;
        }
        for (String tag : tags) {
            try {
                if (resolve(tag).equals(manifest)) {
                    found.add(tag);
                }
            } catch (ManifestUnknownException e) {
                // untagged meanwhile, or a tag folder without a current link
            }
        }
        return found;
    }

    /** Every tag, sorted. */
    private List<String> all() throws IOException {
        List<String> children;
        try {
            children = driver.list(Layout.tags(repository));
        } catch (PathNotFoundException e) {
            throw new NameUnknownException("repository " + repository + " has no tags", e);
        }
        List<String> tags = new ArrayList<>(children.size());
        for (String child : children) {
            tags.add(child.substring(child.lastIndexOf('/') + 1));
        }
        tags.sort(null);
        return tags;
    }
}
