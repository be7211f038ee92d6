package dev.stowage.registry.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.WalkAction;
import dev.stowage.registry.BlobUnknownException;
import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.ManifestInvalidException;
import dev.stowage.registry.ManifestUnknownException;
import dev.stowage.registry.RepositoryName;
import dev.stowage.registry.blob.BlobStore;
import dev.stowage.registry.layout.Layout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link Referrers} over the {@code _referrers} folder of one repository. An entry is a small
 * JSON descriptor of the referring manifest, so that a listing reads one file per referrer (and
 * confirms its revision link) and never a manifest.
 */
final class IndexedReferrers implements Referrers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StorageDriver driver;
    private final RepositoryName repository;
    private final BlobStore revisions;
    private final ManifestStore manifests;

    IndexedReferrers(StorageDriver driver, RepositoryName repository, BlobStore revisions, ManifestStore manifests) {
        this.driver = driver;
        this.repository = repository;
        this.revisions = revisions;
        this.manifests = manifests;
    }

    /** Records a stored manifest that has a subject. */
    void add(Manifest manifest) throws IOException {
        Optional<Descriptor> subject = manifest.subject();
        if (subject.isPresent()) {
            driver.putContent(Layout.referrerEntry(repository, subject.get().digest(), manifest.descriptor().digest()),
                    entry(manifest));
        }
    }

    /** Forgets a manifest that is being deleted. */
    void remove(Manifest manifest) throws IOException {
        Optional<Descriptor> subject = manifest.subject();
        if (subject.isPresent()) {
            try {
                driver.delete(Layout.referrerEntry(repository, subject.get().digest(), manifest.descriptor().digest()));
            } catch (PathNotFoundException e) {
                // never indexed (written by another registry)
            }
        }
    }

    private static byte[] entry(Manifest manifest) throws IOException {
        Descriptor d = manifest.descriptor();
        return JSON.writeValueAsBytes(node(d, manifest.artifactType()));
    }

    /** A descriptor as the OCI image spec writes it in an index. */
    private static ObjectNode node(Descriptor d, Optional<String> artifactType) {
        ObjectNode node = JSON.createObjectNode();
        node.put("mediaType", d.mediaType());
        node.put("digest", d.digest().toString());
        node.put("size", d.size());
        artifactType.ifPresent(type -> node.put("artifactType", type));
        if (!d.annotations().isEmpty()) {
            ObjectNode annotations = node.putObject("annotations");
            d.annotations().forEach(annotations::put);
        }
        return node;
    }

    @Override
    public byte[] index(Digest subject, Optional<String> artifactType) throws IOException {
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode manifests = index.putArray("manifests");
        for (Descriptor d : list(subject, artifactType)) {
            manifests.add(node(d, d.artifactType()));
        }
        return JSON.writeValueAsBytes(index);
    }

    @Override
    public List<Descriptor> list(Digest subject, Optional<String> artifactType) throws IOException {
        List<Descriptor> result = new ArrayList<>();
        List<String> algorithms;
        try {
            algorithms = driver.list(Layout.referrersOf(repository, subject));
        } catch (PathNotFoundException e) {
            return result;
        }
        for (String algorithmFolder : algorithms) {
            List<String> entries;
            try {
                entries = driver.list(algorithmFolder);
            } catch (PathNotFoundException e) {
                continue;
            }
            for (String path : entries) {
                Optional<Descriptor> descriptor = read(path);
                if (descriptor.isEmpty()) {
                    continue;
                }
                if (artifactType.isPresent() && !artifactType.equals(descriptor.get().artifactType())) {
                    continue;
                }
                try {
                    revisions.verify(descriptor.get().digest());
                } catch (BlobUnknownException e) {
                    continue; // the manifest is gone: another registry's GC removed it
                }
                result.add(descriptor.get());
            }
        }
        result.sort((a, b) -> a.digest().toString().compareTo(b.digest().toString()));
        return result;
    }

    private Optional<Descriptor> read(String path) throws IOException {
        byte[] bytes;
        try {
            bytes = driver.getContent(path);
        } catch (PathNotFoundException e) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            Map<String, String> annotations = new LinkedHashMap<>();
            node.path("annotations").fields().forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
            return Optional.of(new Descriptor(node.path("mediaType").asText(), Digest.parse(node.path("digest").asText()),
                    node.path("size").asLong(), List.of(), annotations,
                    Optional.ofNullable(node.hasNonNull("artifactType") ? node.get("artifactType").asText() : null),
                    Optional.empty()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a damaged entry; rebuild() replaces it
        }
    }

    @Override
    public RebuildReport rebuild() throws IOException {
        Set<String> wanted = new HashSet<>();
        int[] counts = new int[3];
        for (Digest digest : revisionDigests()) {
            Manifest manifest;
            try {
                manifest = manifests.get(digest);
            } catch (ManifestUnknownException | ManifestInvalidException e) {
                continue; // gone, or a kind this registry does not read (schema 1)
            }
            counts[0]++;
            if (manifest.subject().isPresent()) {
                String path = Layout.referrerEntry(repository, manifest.subject().get().digest(), digest);
                wanted.add(path);
                if (!exists(path)) {
                    add(manifest);
                    counts[1]++;
                }
            }
        }
        List<String> stale = new ArrayList<>();
        try {
            driver.walk(Layout.referrers(repository), entry -> {
                if (!entry.isDirectory() && !wanted.contains(entry.path())) {
                    stale.add(entry.path());
                }
                return WalkAction.CONTINUE;
            });
        } catch (PathNotFoundException e) {
            // no index yet
        }
        for (String path : stale) {
            try {
                driver.delete(path);
                counts[2]++;
            } catch (PathNotFoundException e) {
                // removed meanwhile
            }
        }
        return new RebuildReport(counts[0], counts[1], counts[2]);
    }

    private boolean exists(String path) throws IOException {
        try {
            driver.stat(path);
            return true;
        } catch (PathNotFoundException e) {
            return false;
        }
    }

    /** The digests of every manifest revision link of the repository. */
    private List<Digest> revisionDigests() throws IOException {
        List<Digest> digests = new ArrayList<>();
        try {
            driver.walk(Layout.manifestRevisions(repository), entry -> {
                if (!entry.isDirectory()) {
                    Layout.revisionOf(repository, entry.path()).ifPresent(digests::add);
                }
                return WalkAction.CONTINUE;
            });
        } catch (PathNotFoundException e) {
            // no manifests
        }
        return digests;
    }
}
