package dev.stowage.server.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.testing.Skopeo;
import dev.stowage.server.StowageRegistry;
import dev.stowage.server.config.ServerConfig;
import dev.stowage.server.config.ServerConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/** What the end-to-end tests share: a configured server, image layouts, and their verification. */
final class E2e {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    private static Skopeo skopeo;

    private E2e() {}

    static synchronized Skopeo skopeo() {
        if (skopeo == null) {
            skopeo = Skopeo.find();
        }
        return skopeo;
    }

    /**
     * A Go-registry config over a filesystem root on 127.0.0.1 and a free port, with
     * {@code httpExtra} appended inside the {@code http} section (indented by four) and
     * {@code extra} appended at top level.
     */
    static String config(Path root, boolean deletes, String httpExtra, String extra) {
        return "version: 0.1\n"
                + "log:\n  level: warn\n  accesslog:\n    disabled: true\n"
                + "storage:\n  filesystem:\n    rootdirectory: \"" + root.toAbsolutePath() + "\"\n"
                + "  delete:\n    enabled: " + deletes + "\n"
                + "  maintenance:\n    uploadpurging:\n      enabled: false\n"
                + "http:\n  addr: 127.0.0.1:0\n  secret: e2e-shared-secret\n" + httpExtra
                + extra;
    }

    static String config(Path root) {
        return config(root, true, "", "");
    }

    /** Opens and serves a registry from {@code yaml}. */
    static StowageRegistry serve(String yaml) throws Exception {
        ServerConfig config = ServerConfigs.parse(yaml, Map.of(), "e2e.yml");
        StowageRegistry registry = StowageRegistry.open(config, E2e.class.getClassLoader());
        try {
            registry.serve();
        } catch (Exception e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    /** {@code host:port} of a serving registry, as a {@code docker://} reference starts. */
    static String hostPort(StowageRegistry registry) {
        return registry.uri().getAuthority();
    }

    // ---- OCI layouts ----

    static Descriptor writeBlob(Path layout, String mediaType, byte[] bytes) throws IOException {
        Digest digest = Digest.sha256(bytes);
        Path file = Skopeo.blobPath(layout, digest);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return Descriptor.of(mediaType, digest, bytes.length);
    }

    static String json(Descriptor d, String extra) {
        return "{\"mediaType\":\"" + d.mediaType() + "\",\"digest\":\"" + d.digest() + "\",\"size\":" + d.size() + extra + "}";
    }

    /** One platform's image (config, {@code layers} random layers, manifest) written into {@code layout}; its manifest. */
    static Descriptor platformImage(Path layout, String os, String architecture, int layers, int size, long seed)
            throws IOException {
        Random random = new Random(seed);
        List<Descriptor> written = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            bytes[0] = 0;
            written.add(writeBlob(layout, Skopeo.LAYER_MEDIA_TYPE, bytes));
        }
        String diffIds = String.join(",", written.stream().map(d -> "\"" + d.digest() + "\"").toList());
        Descriptor config = writeBlob(layout, Skopeo.CONFIG_MEDIA_TYPE, ("{\"architecture\":\"" + architecture
                + "\",\"os\":\"" + os + "\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds
                + "]}}").getBytes(UTF_8));
        String layerJson = String.join(",", written.stream().map(d -> json(d, "")).toList());
        return writeBlob(layout, OCI_MANIFEST, ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":"
                + json(config, "") + ",\"layers\":[" + layerJson + "]}").getBytes(UTF_8));
    }

    /** An OCI layout whose {@code index.json} tags an image index of a linux/amd64 and a linux/arm64 image; the index. */
    static Descriptor multiPlatformLayout(Path layout, String tag, long seed) throws IOException {
        Descriptor amd64 = platformImage(layout, "linux", "amd64", 2, 30_000, seed);
        Descriptor arm64 = platformImage(layout, "linux", "arm64", 3, 20_000, seed + 1);
        Descriptor index = writeBlob(layout, OCI_INDEX, ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX
                + "\",\"manifests\":[" + json(amd64, ",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}")
                + "," + json(arm64, ",\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\"}") + "]}").getBytes(UTF_8));
        Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[" + json(index,
                ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + tag + "\"}") + "]}");
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        return index;
    }

    /**
     * Checks an OCI layout: every blob file's SHA-256 is its name, and everything the descriptor
     * {@code tag} in {@code index.json} reaches (indexes, manifests, configs, layers) is present
     * with its size and digest. Returns the digests reached, the root first.
     */
    static Set<Digest> verifyLayout(Path layout, String tag) throws IOException {
        try (Stream<Path> files = Files.list(layout.resolve("blobs").resolve("sha256"))) {
            for (Path file : files.toList()) {
                assertThat(Digest.sha256(Files.readAllBytes(file)).hex()).as("digest of %s", file)
                        .isEqualTo(file.getFileName().toString());
            }
        }
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        JsonNode root = null;
        for (JsonNode m : index.path("manifests")) {
            if (tag.equals(m.path("annotations").path("org.opencontainers.image.ref.name").asText())) {
                root = m;
            }
        }
        assertThat(root).as("index.json of %s tags %s", layout, tag).isNotNull();
        Set<Digest> reached = new LinkedHashSet<>();
        visit(layout, root, reached);
        return reached;
    }

    private static void visit(Path layout, JsonNode descriptor, Set<Digest> reached) throws IOException {
        Digest digest = Digest.parse(descriptor.path("digest").asText());
        Path file = Skopeo.blobPath(layout, digest);
        assertThat(file).as("blob %s in %s", digest, layout).exists();
        byte[] bytes = Files.readAllBytes(file);
        assertThat((long) bytes.length).as("size of %s", digest).isEqualTo(descriptor.path("size").asLong());
        assertThat(Digest.sha256(bytes)).isEqualTo(digest);
        reached.add(digest);
        String mediaType = descriptor.path("mediaType").asText();
        if (mediaType.equals(OCI_INDEX) || mediaType.endsWith("manifest.list.v2+json")) {
            for (JsonNode child : JSON.readTree(bytes).path("manifests")) {
                visit(layout, child, reached);
            }
        } else if (mediaType.equals(OCI_MANIFEST) || mediaType.equals(DOCKER_MANIFEST)) {
            JsonNode manifest = JSON.readTree(bytes);
            visit(layout, manifest.path("config"), reached);
            for (JsonNode layer : manifest.path("layers")) {
                visit(layout, layer, reached);
            }
        }
    }

    /** Every regular file under {@code dir}, relative to it, with {@code /} separators. */
    static Set<String> files(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return Set.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            Set<String> out = new LinkedHashSet<>();
            walk.filter(p -> !p.equals(dir)).forEach(p -> out.add(dir.relativize(p).toString().replace('\\', '/')
                    + (Files.isDirectory(p) ? "/" : "")));
            return out;
        }
    }

    /** The JSON object skopeo printed (skipping any warnings before it). */
    static JsonNode jsonOutput(String output) throws IOException {
        int start = output.indexOf('{');
        assertThat(start).as("JSON in skopeo output: %s", output).isGreaterThanOrEqualTo(0);
        return JSON.readTree(output.substring(start));
    }
}
