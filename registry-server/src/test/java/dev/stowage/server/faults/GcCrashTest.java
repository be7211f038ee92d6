package dev.stowage.server.faults;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import dev.stowage.driver.WalkAction;
import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.Registry;
import dev.stowage.registry.RepositoryName;
import dev.stowage.registry.layout.Layout;
import dev.stowage.registry.manifest.Manifest;
import dev.stowage.registry.manifest.MediaTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills {@code stowage gc --delete-untagged} ({@code kill -9}) at random moments of its mark and
 * sweep, again and again, then runs it to the end: the run after the kills starts at once (the
 * dead collector's lease does not hold it off), every tagged image stays whole, every blob left
 * matches its digest, and what was garbage is gone. On the filesystem driver.
 *
 * <p>Each kill lands in a sweep: the test watches the garbage on disk and kills the collector once
 * it has removed a random share of what is left. {@code -Dstowage.gc.crashes=N} sets the number of
 * kills (default 5).
 */
class GcCrashTest {

    private static final int CRASHES = Integer.getInteger("stowage.gc.crashes", 5);

    @TempDir
    Path dir;

    private final Random random = new Random(7);

    @Test
    void killedCollectionsLeaveEveryTaggedImageWholeAndTheNextOneFinishesTheJob() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Map<String, Object> parameters = Map.of("rootdirectory", root.toString());
        Set<Digest> live = new HashSet<>();
        Set<Digest> garbage = new HashSet<>();
        Map<Manifest, RepositoryName> tagged = new java.util.HashMap<>();
        try (StorageDriver driver = StorageDrivers.create("filesystem", parameters);
             Registry registry = Registry.builder(driver).build()) {
            for (int r = 0; r < 4; r++) {
                RepositoryName name = RepositoryName.parse("gc/app-" + r);
                for (int i = 0; i < 60; i++) {
                    List<Descriptor> blobs = new ArrayList<>();
                    for (int b = 0; b < 4; b++) {
                        byte[] bytes = new byte[100 + random.nextInt(4000)];
                        random.nextBytes(bytes);
                        blobs.add(registry.repository(name).blobs().put("application/octet-stream", bytes));
                    }
                    Manifest manifest = image(registry, name, blobs);
                    boolean keep = i % 4 == 0;
                    if (keep) {
                        registry.repository(name).tags().tag("v" + i, manifest.descriptor().digest());
                        tagged.put(manifest, name);
                    }
                    Set<Digest> into = keep ? live : garbage;
                    into.add(manifest.descriptor().digest());
                    blobs.forEach(d -> into.add(d.digest()));
                }
            }
        }
        Path config = dir.resolve("config.yml");
        Files.writeString(config, "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: \""
                + root + "\"\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:0\n");

        // Each run is killed once its sweep has removed a random share of what garbage is left
        // (watched on disk), so every kill lands in a sweep, at a different point each time.
        int kills = 0;
        long garbageLeft = garbage.size();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (kills < CRASHES && garbageLeft > 0 && System.nanoTime() < deadline) {
            Process gc = gc(config);
            long target = garbageLeft - 1 - random.nextInt((int) Math.max(1, garbageLeft / 2));
            long left = garbageLeft;
            while (gc.isAlive() && left > target && System.nanoTime() < deadline) {
                Thread.sleep(5);
                left = garbageLeft(root, garbage);
            }
            if (!gc.isAlive()) {
                garbageLeft = garbageLeft(root, garbage);
                break; // it finished before the kill
            }
            gc.destroyForcibly().waitFor(); // SIGKILL
            kills++;
            garbageLeft = garbageLeft(root, garbage);
        }
        System.out.printf("[gc-crash] %d runs killed in their sweep; garbage blobs left for the last run: %d of %d%n",
                kills, garbageLeft, garbage.size());
        assertThat(kills).as("collections killed in their sweep").isPositive();
        Process last = gc(config);
        assertThat(last.waitFor(2, TimeUnit.MINUTES)).as("the collection after the kills finishes").isTrue();
        assertThat(last.exitValue()).as("its exit code (output in %s)", dir.resolve("gc.log")).isZero();

        try (StorageDriver driver = StorageDrivers.create("filesystem", parameters);
             Registry registry = Registry.builder(driver).build()) {
            for (Map.Entry<Manifest, RepositoryName> image : tagged.entrySet()) {
                var repository = registry.repository(image.getValue());
                Manifest manifest = repository.manifests().get(image.getKey().descriptor().digest());
                assertThat(manifest.content()).isEqualTo(image.getKey().content());
                for (var reference : manifest.references()) {
                    assertThat(repository.blobs().verify(reference.digest()).size()).isEqualTo(reference.size());
                }
            }
            Set<Digest> stored = new HashSet<>();
            driver.walk(Layout.BLOBS, info -> {
                if (!info.isDirectory() && info.path().endsWith("/data")) {
                    String[] parts = info.path().split("/");
                    stored.add(Digest.parse(parts[parts.length - 4] + ":" + parts[parts.length - 2]));
                }
                return WalkAction.CONTINUE;
            });
            for (Digest digest : stored) {
                assertThat(Digest.sha256(driver.getContent(Layout.blobData(digest)))).as("stored blob").isEqualTo(digest);
            }
            assertThat(stored).as("blobs left").containsExactlyInAnyOrderElementsOf(live);
            assertThat(garbage).as("garbage left").doesNotContainAnyElementsOf(stored);
            assertThat(Files.exists(root.resolve(Layout.GC_LEASE.substring(1)))).as("the lease is given up").isFalse();
        }
    }

    private static Manifest image(Registry registry, RepositoryName name, List<Descriptor> blobs) throws IOException {
        StringBuilder s = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                + "\",\"config\":" + json(blobs.get(0), "application/vnd.oci.image.config.v1+json") + ",\"layers\":[");
        for (int i = 1; i < blobs.size(); i++) {
            s.append(i == 1 ? "" : ",").append(json(blobs.get(i), "application/vnd.oci.image.layer.v1.tar"));
        }
        return registry.repository(name).manifests().put(MediaTypes.OCI_MANIFEST, s.append("]}").toString().getBytes(UTF_8));
    }

    private static String json(Descriptor d, String mediaType) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + d.digest() + "\",\"size\":" + d.size() + "}";
    }

    /** Garbage blobs whose data is still on disk (looked up one by one: a walk would race the sweep). */
    private static long garbageLeft(Path root, Set<Digest> garbage) {
        return garbage.stream().filter(d -> Files.exists(root.resolve(Layout.blobData(d).substring(1)))).count();
    }

    /** {@code stowage gc --delete-untagged --grace-period 0s}: the server module's own main, on this test's class path. */
    private Process gc(Path config, String... more) throws IOException {
        List<String> command = new ArrayList<>(List.of("java", "--add-opens", "java.base/sun.security.provider=ALL-UNNAMED",
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "dev.stowage.server.cli.StowageCommand", "gc", "--delete-untagged", "--grace-period", "0s"));
        command.addAll(List.of(more));
        command.add(config.toString());
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("gc.log").toFile())).start();
    }
}
