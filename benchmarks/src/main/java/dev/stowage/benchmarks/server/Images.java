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
import java.util.zip.Deflater;

/**
 * Writes the benchmark's images as OCI image layouts, layer by layer, streaming (a 512 MiB layer
 * is never in memory): layers from a seed, each a tar of one file of random, incompressible bytes
 * in a gzip stream (stored, not deflated: random bytes do not shrink), a config naming the tars'
 * digests, a manifest, and an index that tags it {@code v1}. Compressed layers are what images
 * carry, and skopeo sends them as they are.
 */
final class Images {

    private static final String LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";

    private Images() {}

    /** An image of {@code layers} layers of {@code size} bytes each, in a new layout at {@code dir}. */
    static Path write(Path dir, int layers, int size, long seed) throws IOException {
        Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
        SplittableRandom random = new SplittableRandom(seed);
        List<String> layerJson = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            Path tmp = blobs.resolve("tmp");
            Layer layer = gzippedTar(tmp, size, random.nextLong());
            Files.move(tmp, blobs.resolve(layer.digest()));
            layerJson.add(descriptor(LAYER, layer.digest(), layer.size()));
            diffIds.add("\"sha256:" + layer.diffId() + "\"");
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

    /** A written layer: the digest and size of the gzip stream, the digest of the tar inside it. */
    private record Layer(String digest, long size, String diffId) {}

    /**
     * Writes a gzip stream of a tar holding one file, {@code layer.bin}, of {@code size} random
     * bytes from {@code seed}.
     */
    private static Layer gzippedTar(Path file, long size, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        MessageDigest tarDigest = sha256();
        byte[] chunk = new byte[1 << 20];
        try (DigestOutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha256())) {
            Deflater stored = new Deflater(Deflater.NO_COMPRESSION, true);
            try (DigestOutputStream tar = new DigestOutputStream(new GzipStream(out, stored), tarDigest)) {
                tar.write(tarHeader("layer.bin", size));
                for (long written = 0; written < size; written += chunk.length) {
                    random.nextBytes(chunk);
                    tar.write(chunk, 0, (int) Math.min(chunk.length, size - written));
                }
                tar.write(new byte[(int) ((512 - size % 512) % 512) + 1024]); // padding, then the two end blocks
            } finally {
                stored.end();
            }
            return new Layer(HexFormat.of().formatHex(out.getMessageDigest().digest()), Files.size(file),
                    HexFormat.of().formatHex(tarDigest.digest()));
        }
    }

    /** A gzip stream over a given deflater (GZIPOutputStream always deflates at the default level). */
    private static final class GzipStream extends java.util.zip.DeflaterOutputStream {
        private final java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        private long length;

        GzipStream(OutputStream out, Deflater deflater) throws IOException {
            super(out, deflater, 1 << 16);
            out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff}); // magic, deflate, no flags, unknown OS
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            super.write(b, off, len);
            crc.update(b, off, len);
            length += len;
        }

        @Override
        public void finish() throws IOException {
            super.finish();
            byte[] trailer = new byte[8];
            int c = (int) crc.getValue();
            int n = (int) length;
            for (int i = 0; i < 4; i++) {
                trailer[i] = (byte) (c >>> (8 * i));
                trailer[4 + i] = (byte) (n >>> (8 * i));
            }
            out.write(trailer);
        }
    }

    /** A ustar header for a regular file {@code name} of {@code size} bytes. */
    private static byte[] tarHeader(String name, long size) {
        byte[] header = new byte[512];
        put(header, 0, name);
        put(header, 100, "0000644\0");
        put(header, 108, "0000000\0");
        put(header, 116, "0000000\0");
        put(header, 124, String.format(java.util.Locale.ROOT, "%011o\0", size));
        put(header, 136, "00000000000\0");
        header[156] = '0';
        put(header, 257, "ustar\0");
        put(header, 263, "00");
        java.util.Arrays.fill(header, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format(java.util.Locale.ROOT, "%06o\0 ", sum));
        return header;
    }

    private static void put(byte[] header, int at, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, at, bytes.length);
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
