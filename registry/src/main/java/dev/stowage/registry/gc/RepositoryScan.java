package dev.stowage.registry.gc;

import dev.stowage.driver.FileInfo;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.WalkAction;
import dev.stowage.registry.Digest;
import dev.stowage.registry.DigestInvalidException;
import dev.stowage.registry.RepositoryName;
import dev.stowage.registry.layout.Layout;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What one walk of {@code /docker/registry/v2/repositories} found in one repository: manifest
 * revision links, tag current links, tag index entries and referrers index entries, each with the
 * modification time of its file, and (when asked) the layer links of some digests. Paths are
 * parsed, never listed: a repository is every path before the first component that starts with
 * {@code _} (which no repository name component can), as the Go registry's catalog does.
 * {@code _uploads} subtrees are skipped.
 */
final class RepositoryScan {

    final RepositoryName name;
    /** Manifest revision links: digest (from the path) to the link's modification time. */
    final Map<Digest, Instant> revisions = new HashMap<>();
    /** Tags that have a current link: tag to the link's modification time. */
    final Map<String, Instant> tags = new HashMap<>();
    /** Tag index entries: manifest digest to the tags whose index holds it. */
    final Map<Digest, List<String>> tagIndex = new HashMap<>();
    /** Referrers index entries: referring manifest digest to the entry paths naming it. */
    final Map<Digest, List<String>> referrerEntries = new HashMap<>();
    /** Layer links of the digests asked for: digest to the link's modification time. */
    final Map<Digest, Instant> layers = new HashMap<>();

    private RepositoryScan(RepositoryName name) {
        this.name = name;
    }

    /**
     * Walks every repository once.
     *
     * @param layersOf which layer links to record (their digests taken from the path)
     * @param problems receives what could not be understood
     * @return the repositories found, by name, in name order
     */
    static Map<String, RepositoryScan> walk(StorageDriver driver, Predicate<Digest> layersOf, List<String> problems)
            throws IOException {
        Map<String, RepositoryScan> scans = new TreeMap<>();
        int prefix = Layout.REPOSITORIES.length() + 1;
        try {
            driver.walk(Layout.REPOSITORIES, entry -> {
                String[] parts = entry.path().substring(prefix).split("/");
                int kind = 0;
                while (kind < parts.length && !parts[kind].startsWith("_")) {
                    kind++;
                }
                if (kind == 0 || kind == parts.length) {
                    return WalkAction.CONTINUE; // a folder on the way to a repository
                }
                if (entry.isDirectory()) {
                    return kind == parts.length - 1 && parts[kind].equals("_uploads")
                            ? WalkAction.SKIP_SUBTREE : WalkAction.CONTINUE;
                }
                String name = String.join("/", java.util.Arrays.copyOf(parts, kind));
                RepositoryScan scan = scans.get(name);
                if (scan == null) {
                    try {
                        scan = new RepositoryScan(new RepositoryName(name));
                    } catch (IllegalArgumentException e) {
                        problems.add("not a repository name: " + entry.path());
                        return WalkAction.CONTINUE;
                    }
                    scans.put(name, scan);
                }
                scan.add(parts, kind, entry, layersOf);
                return WalkAction.CONTINUE;
            });
        } catch (PathNotFoundException e) {
            // no repository yet
        }
        return scans;
    }

    private void add(String[] p, int k, FileInfo entry, Predicate<Digest> layersOf) {
        int n = p.length - k;
        switch (p[k]) {
            case "_manifests" -> {
                if (n == 5 && p[k + 1].equals("revisions") && p[k + 4].equals("link")) {
                    Digest d = digest(p[k + 2], p[k + 3]);
                    if (d != null) {
                        revisions.put(d, entry.modTime());
                    }
                } else if (n == 5 && p[k + 1].equals("tags") && p[k + 3].equals("current") && p[k + 4].equals("link")) {
                    tags.put(p[k + 2], entry.modTime());
                } else if (n == 7 && p[k + 1].equals("tags") && p[k + 3].equals("index") && p[k + 6].equals("link")) {
                    Digest d = digest(p[k + 4], p[k + 5]);
                    if (d != null) {
                        tagIndex.computeIfAbsent(d, x -> new ArrayList<>(1)).add(p[k + 2]);
                    }
                }
            }
            case "_layers" -> {
                if (n == 4 && p[k + 3].equals("link")) {
                    Digest d = digest(p[k + 1], p[k + 2]);
                    if (d != null && layersOf.test(d)) {
                        layers.put(d, entry.modTime());
                    }
                }
            }
            case "_referrers" -> {
                if (n == 5) {
                    Digest d = digest(p[k + 3], p[k + 4]);
                    if (d != null) {
                        referrerEntries.computeIfAbsent(d, x -> new ArrayList<>(1)).add(entry.path());
                    }
                }
            }
            default -> {
                // _uploads and anything else: not garbage collection's
            }
        }
    }

    private static Digest digest(String algorithm, String hex) {
        try {
            return Digest.parse(algorithm + ":" + hex);
        } catch (DigestInvalidException e) {
            return null;
        }
    }
}
