package dev.stowage.registry.gc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.ManifestUnknownException;
import dev.stowage.registry.Registry;
import dev.stowage.registry.RegistryOptions;
import dev.stowage.registry.Repository;
import dev.stowage.registry.RepositoryName;
import dev.stowage.registry.cache.InMemoryBlobDescriptorCache;
import dev.stowage.registry.manifest.Manifest;
import dev.stowage.registry.manifest.MediaTypes;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random sequences of push (images sharing layers, indexes, referrers), tag, untag, delete and
 * garbage collection (with and without deleteUntagged, grace zero) on the in-memory driver,
 * checked against a model after every collection: a manifest the collection did not delete is
 * still whole (every blob and child readable), a tagged manifest is never deleted, nor a child of
 * a tagged index, nor a referrer of a kept manifest.
 */
class GarbageCollectorPropertyTest {

    private static final List<RepositoryName> REPOS = List.of(new RepositoryName("p/a"), new RepositoryName("p/b"));
    private static final String LAYER = "application/vnd.oci.image.layer.v1.tar";

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void nothingKeptEverLosesWhatItReferences(long seed) throws Exception {
        Random random = new Random(seed);
        try (StorageDriver driver = StorageDrivers.create("inmemory", Map.of());
             Registry registry = Registry.builder(driver).cache(new InMemoryBlobDescriptorCache())
                     .options(RegistryOptions.defaults().withDeleteEnabled(true)).build()) {
            Map<RepositoryName, List<Manifest>> manifests = new HashMap<>();
            Map<RepositoryName, List<Descriptor>> layers = new HashMap<>();
            REPOS.forEach(r -> {
                manifests.put(r, new ArrayList<>());
                layers.put(r, new ArrayList<>());
            });
            for (int step = 0; step < 150; step++) {
                RepositoryName name = REPOS.get(random.nextInt(REPOS.size()));
                Repository repo = registry.repository(name);
                List<Manifest> ms = manifests.get(name);
                int op = random.nextInt(20); // 0-8 push (6-8 a referrer), 9-10 index, 11-15 tag, 16 untag, 17 delete, 18-19 collect
                try {
                    if (op <= 8 || ms.isEmpty()) {
                        List<Descriptor> l = new ArrayList<>();
                        for (int i = 0; i < 1 + random.nextInt(2); i++) {
                            List<Descriptor> known = layers.get(name);
                            l.add(!known.isEmpty() && random.nextBoolean() ? known.get(random.nextInt(known.size()))
                                    : blob(repo, random));
                        }
                        layers.get(name).addAll(l);
                        Optional<Manifest> subject = op >= 6 && !ms.isEmpty()
                                ? Optional.of(ms.get(random.nextInt(ms.size()))) : Optional.empty();
                        ms.add(image(repo, blob(repo, random), l, subject));
                    } else if (op <= 10) {
                        List<Manifest> images = ms.stream().filter(m -> !m.isIndex()).toList();
                        if (!images.isEmpty()) {
                            ms.add(index(repo, images.get(random.nextInt(images.size())), images.get(random.nextInt(images.size()))));
                        }
                    } else if (op <= 15) {
                        repo.tags().tag("t" + random.nextInt(4), ms.get(random.nextInt(ms.size())).descriptor().digest());
                    } else if (op == 16) {
                        repo.tags().untag("t" + random.nextInt(4));
                    } else if (op == 17) {
                        Manifest m = ms.get(random.nextInt(ms.size()));
                        repo.manifests().delete(m.descriptor().digest());
                        ms.remove(m);
                        // an index whose child the user deleted is broken by the user, not by the collector
                        ms.removeIf(x -> x.manifests().stream().anyMatch(c -> c.digest().equals(m.descriptor().digest())));
                    } else if (op == 19 || random.nextInt(3) == 0) {
                        collect(registry, manifests, random.nextBoolean());
                    }
                } catch (ManifestUnknownException | dev.stowage.registry.ManifestBlobUnknownException e) {
                    // untag of a missing tag; a push or tag of a manifest (or child) gone: as a client would see it
                    ms.removeIf(m -> !present(repo, m));
                    layers.get(name).clear(); // some may have been swept

                }
            }
            collect(registry, manifests, true);
        }
    }

    private static void collect(Registry registry, Map<RepositoryName, List<Manifest>> manifests, boolean deleteUntagged)
            throws IOException {
        Map<RepositoryName, List<Digest>> tagged = new HashMap<>();
        for (RepositoryName name : REPOS) {
            List<Digest> t = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                try {
                    t.add(registry.repository(name).tags().resolve("t" + i));
                } catch (ManifestUnknownException e) {
                    // no such tag
                }
            }
            tagged.put(name, t);
        }
        GcReport report = registry.garbageCollector().withLeaseSettle(Duration.ZERO)
                .withClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)))
                .collect(GcOptions.defaults().withGracePeriod(Duration.ZERO).withDeleteUntagged(deleteUntagged));
        if (!deleteUntagged) {
            assertThat(report.manifests()).isEmpty();
        }
        for (RepositoryName name : REPOS) {
            Repository repo = registry.repository(name);
            List<Digest> deleted = report.manifests().getOrDefault(name, List.of());
            for (Manifest m : manifests.get(name)) {
                Digest d = m.descriptor().digest();
                if (tagged.get(name).contains(d)) {
                    assertThat(deleted).doesNotContain(d);
                }
                if (!deleted.contains(d)) {
                    assertWhole(repo, m);
                    for (Descriptor child : m.manifests()) {
                        assertThat(deleted).doesNotContain(child.digest());
                    }
                } else {
                    assertThat(present(repo, m)).isFalse();
                }
            }
            for (Manifest m : manifests.get(name)) { // referrers of kept manifests are kept
                if (m.subject().isPresent() && deleted.contains(m.descriptor().digest())) {
                    Digest subject = m.subject().get().digest();
                    assertThat(present(repo, subject)).as("subject %s of deleted referrer %s", subject, m).isFalse();
                }
            }
            manifests.get(name).removeIf(m -> deleted.contains(m.descriptor().digest()));
        }
    }

    private static void assertWhole(Repository repo, Manifest m) throws IOException {
        assertThat(repo.manifests().get(m.descriptor().digest())).isEqualTo(m);
        for (Descriptor child : m.manifests()) {
            assertThat(repo.manifests().stat(child.digest()).digest()).isEqualTo(child.digest());
        }
        if (!m.isIndex()) {
            for (Descriptor ref : m.references()) {
                assertThat(Digest.sha256(repo.blobs().get(ref.digest()))).isEqualTo(ref.digest());
            }
        }
    }

    private static boolean present(Repository repo, Manifest m) {
        return present(repo, m.descriptor().digest());
    }

    private static boolean present(Repository repo, Digest d) {
        try {
            repo.manifests().stat(d);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Descriptor blob(Repository repo, Random random) throws IOException {
        byte[] bytes = new byte[16 + random.nextInt(16)];
        random.nextBytes(bytes);
        return repo.blobs().put(LAYER, bytes).withMediaType(LAYER);
    }

    private static Manifest image(Repository repo, Descriptor config, List<Descriptor> layers, Optional<Manifest> subject)
            throws IOException {
        StringBuilder s = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                + "\",\"config\":" + GarbageCollectorSuite.json(config.withMediaType("application/vnd.oci.image.config.v1+json"))
                + ",\"layers\":[");
        for (int i = 0; i < layers.size(); i++) {
            s.append(i == 0 ? "" : ",").append(GarbageCollectorSuite.json(layers.get(i)));
        }
        s.append("]");
        subject.ifPresent(m -> s.append(",\"subject\":").append(GarbageCollectorSuite.json(m.descriptor())));
        return repo.manifests().put(MediaTypes.OCI_MANIFEST, s.append("}").toString().getBytes(UTF_8));
    }

    private static Manifest index(Repository repo, Manifest... children) throws IOException {
        StringBuilder s = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[");
        for (int i = 0; i < children.length; i++) {
            s.append(i == 0 ? "" : ",").append(GarbageCollectorSuite.json(children[i].descriptor()));
        }
        return repo.manifests().put(MediaTypes.OCI_INDEX, s.append("]}").toString().getBytes(UTF_8));
    }
}
