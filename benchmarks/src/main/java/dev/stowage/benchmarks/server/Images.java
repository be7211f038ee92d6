package dev.stowage.benchmarks.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes the benchmark's images as OCI image layouts, layer by layer, streaming (a 512 MiB layer
 * is never in memory): random, incompressible layers from a seed, a config, a manifest, and an
 * index that tags it {@code v1}.
 */
final class Images {

    private static final String LAYER = "application/vnd.oci.image.layer.v1.tar";

    private Images() {}

    /** An image of {@code layers} layers of {@code size} bytes each, in a new layout at {@code dir}. */
    static Path write(Path dir, int layers, int size, long seed) throws IOException {
        Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
        SplittableRandom random = new SplittableRandom(seed);
        List<String> layerJson = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            Path tmp = blobs.resolve("tmp");
            String digest = randomFile(tmp, size, random.nextLong());
            Files.move(tmp, blobs.resolve(digest));
            layerJson.add(descriptor(LAYER, digest, size));
            diffIds.add("\"sha256:" + digest + "\"");
        }
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[" + String.join(",", diffIds) + "]}}").getBytes(StandardCharsets.UTF_8);
        String configDigest = blob(blobs, config);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":"
                + descriptor("application/vnd.oci.image.config.v1+json", configDigest, config.length)
                + ",\"layers\":[" + String.join(",", layerJson) + "]}").getBytes(StandardCharsets.UTF_8);
        String manifestDigest = blob(blobs, manifest);
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:" + manifestDigest + "\",\"size\":"
                + manifest.length + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"v1\"}}]}");
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        return dir;
    }

    /** Writes {@code size} random bytes from {@code seed} (the first byte zero, so no tool takes it for gzip). */
    static String randomFile(Path file, long size, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] chunk = new byte[1 << 20];
        try (DigestOutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha256())) {
            for (long written = 0; written < size; written += chunk.length) {
                random.nextBytes(chunk);
                if (written == 0) {
                    chunk[0] = 0;
                }
                out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
            }
            return HexFormat.of().formatHex(out.getMessageDigest().digest());
        }
    }

    private static String blob(Path blobs, byte[] content) throws IOException {
        String digest = HexFormat.of().formatHex(sha256().digest(content));
        try (OutputStream out = Files.newOutputStream(blobs.resolve(digest))) {
            out.write(content);
        }
        return digest;
    }

    private static String descriptor(String mediaType, String hex, long size) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"sha256:" + hex + "\",\"size\":" + size + "}";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
