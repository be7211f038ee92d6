package dev.stowage.registry.testing;

import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real client: {@code skopeo} (1.9.3 in Debian), found on {@code PATH} or in {@code /usr/bin}
 * or installed with {@code apt-get install -y skopeo}. It pushes OCI image layouts that
 * {@link #buildImage} generates in Java (a config blob, random uncompressed layers of media type
 * {@value #LAYER_MEDIA_TYPE}, an OCI manifest, {@code index.json}, {@code oci-layout}) with
 * {@code skopeo copy --preserve-digests}, and pulls images back into an OCI layout.
 *
 * <p>skopeo remembers blobs it has seen in a blob-info cache, which changes what later pushes do
 * (mounts, skipped uploads). As root that cache is {@code /var/lib/containers/cache}, shared by
 * every run; each run here gets an empty one of its own instead: it runs with
 * {@code _CONTAINERS_ROOTLESS_UID} set (so containers/image takes the per-user path) and
 * {@code HOME}, {@code XDG_DATA_HOME}, {@code XDG_CONFIG_HOME} and {@code XDG_RUNTIME_DIR} in a new
 * folder under {@code target/fixtures/skopeo/}, and with {@code --insecure-policy} (no signature
 * policy needed for loopback tests). Commands and output are appended to
 * {@code target/fixtures/skopeo.log}.
 */
public final class Skopeo {

    public static final String MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
    public static final String CONFIG_MEDIA_TYPE = "application/vnd.oci.image.config.v1+json";
    public static final String LAYER_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar";

    private static final AtomicInteger RUNS = new AtomicInteger();

    private final Path binary;

    private Skopeo(Path binary) {
        this.binary = binary;
    }

    /** skopeo, found or installed. */
    public static Skopeo find() {
        return new Skopeo(NativeTools.findOrInstall("skopeo", "skopeo"));
    }

    /**
     * An image in an OCI layout on disk.
     *
     * @param layout the layout folder
     * @param tag the tag it carries in {@code index.json}
     * @param manifest the manifest's descriptor
     * @param config the config blob's descriptor
     * @param layers the layers' descriptors, in manifest order
     */
    public record Image(Path layout, String tag, Descriptor manifest, Descriptor config, List<Descriptor> layers) {

        public Image {
            layers = List.copyOf(layers);
        }

        /** The config and the layers: every blob a push uploads (the manifest is not a blob upload). */
        public List<Descriptor> blobs() {
            List<Descriptor> all = new ArrayList<>(layers);
            all.add(0, config);
            return all;
        }

        /** The file holding a blob (or the manifest) of this layout. */
        public Path blob(Digest digest) {
            return blobPath(layout, digest);
        }
    }

    /** Where an OCI layout keeps the blob with this digest. */
    public static Path blobPath(Path layout, Digest digest) {
        return layout.resolve("blobs").resolve(digest.algorithm().id()).resolve(digest.hex());
    }

    /**
     * Writes an OCI image layout into {@code dir} (created): {@code layerCount} layers of
     * {@code layerSize} random bytes from {@code seed} (the first byte is zero so no layer looks
     * compressed), a config naming them as its diff ids, a manifest and an index tagging it.
     */
    public static Image buildImage(Path dir, String tag, int layerCount, int layerSize, long seed) throws IOException {
        if (layerCount < 0 || layerSize < 1) {
            throw new IllegalArgumentException("layerCount >= 0 and layerSize >= 1, not " + layerCount + " and " + layerSize);
        }
        Files.createDirectories(dir.resolve("blobs").resolve("sha256"));
        Random random = new Random(seed);
        List<Descriptor> layers = new ArrayList<>();
        for (int i = 0; i < layerCount; i++) {
            byte[] bytes = new byte[layerSize];
            random.nextBytes(bytes);
            bytes[0] = 0;
            layers.add(writeBlob(dir, LAYER_MEDIA_TYPE, bytes));
        }
        StringBuilder diffIds = new StringBuilder();
        for (Descriptor layer : layers) {
            diffIds.append(diffIds.length() == 0 ? "" : ",").append('"').append(layer.digest()).append('"');
        }
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds + "]},"
                + "\"comment\":\"stowage test image " + seed + "\"}";
        Descriptor configDescriptor = writeBlob(dir, CONFIG_MEDIA_TYPE, config.getBytes(StandardCharsets.UTF_8));
        StringBuilder layerJson = new StringBuilder();
        for (Descriptor layer : layers) {
            layerJson.append(layerJson.length() == 0 ? "" : ",").append(json(layer));
        }
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST_MEDIA_TYPE + "\",\"config\":"
                + json(configDescriptor) + ",\"layers\":[" + layerJson + "]}";
        Descriptor manifestDescriptor = writeBlob(dir, MANIFEST_MEDIA_TYPE, manifest.getBytes(StandardCharsets.UTF_8));
        String index = "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"" + MANIFEST_MEDIA_TYPE + "\",\"digest\":\""
                + manifestDescriptor.digest() + "\",\"size\":" + manifestDescriptor.size()
                + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + tag + "\"}}]}";
        Files.writeString(dir.resolve("index.json"), index);
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        return new Image(dir, tag, manifestDescriptor, configDescriptor, layers);
    }

    private static Descriptor writeBlob(Path layout, String mediaType, byte[] bytes) throws IOException {
        Digest digest = Digest.sha256(bytes);
        Files.write(blobPath(layout, digest), bytes);
        return Descriptor.of(mediaType, digest, bytes.length);
    }

    private static String json(Descriptor descriptor) {
        return "{\"mediaType\":\"" + descriptor.mediaType() + "\",\"digest\":\"" + descriptor.digest() + "\",\"size\":"
                + descriptor.size() + "}";
    }

    /**
     * Pushes {@code image} to {@code hostPort} (plain HTTP) as {@code repository:<image tag>} with
     * {@code skopeo copy --dest-tls-verify=false --preserve-digests oci:<layout>:<tag>
     * docker://<hostPort>/<repository>:<tag>}.
     */
    public void push(Image image, String hostPort, String repository) throws IOException, InterruptedException {
        copy(List.of("--dest-tls-verify=false", "--preserve-digests",
                "oci:" + image.layout() + ":" + image.tag(),
                "docker://" + hostPort + "/" + repository + ":" + image.tag()));
    }

    /**
     * Builds an image of {@code layerCount} random layers of {@code layerSize} bytes in a new folder
     * under {@code target/fixtures/images/} and pushes it.
     */
    public Image pushRandomImage(String hostPort, String repository, String tag, int layerCount, int layerSize)
            throws IOException, InterruptedException {
        Path images = Files.createDirectories(NativeTools.logDirectory().resolve("images"));
        Image image = buildImage(Files.createTempDirectory(images, "push-"), tag, layerCount, layerSize, System.nanoTime());
        push(image, hostPort, repository);
        return image;
    }

    /**
     * Pulls {@code repository:tag} from {@code hostPort} (plain HTTP) into an OCI layout at
     * {@code dir}, keeping digests and uncompressed layers as they are, and returns {@code dir}.
     */
    public Path pull(String hostPort, String repository, String tag, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        copy(List.of("--src-tls-verify=false", "--preserve-digests", "--dest-oci-accept-uncompressed-layers",
                "docker://" + hostPort + "/" + repository + ":" + tag,
                "oci:" + dir + ":" + tag));
        return dir;
    }

    /** Runs {@code skopeo copy} with the given arguments, with a fresh blob-info cache. */
    public void copy(List<String> arguments) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("--retry-times", "0"));
        all.addAll(arguments);
        run("copy", all);
    }

    /**
     * Runs {@code skopeo <subcommand> <arguments>} ({@code inspect}, {@code delete}, {@code copy},
     * ...) with a fresh blob-info cache and returns what it printed (standard output and error).
     *
     * @throws IOException when skopeo exits with a non-zero code; the message holds its output
     */
    public String run(String subcommand, List<String> arguments) throws IOException, InterruptedException {
        Path home = Files.createDirectories(NativeTools.logDirectory().resolve("skopeo")
                .resolve(ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet()));
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--insecure-policy", "--tmpdir",
                Files.createDirectories(home.resolve("tmp")).toString(), subcommand));
        command.addAll(arguments);
        Path runtime = Files.createDirectories(home.resolve("run"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Map<String, String> environment = Map.of(
                "_CONTAINERS_ROOTLESS_UID", "4242",
                "HOME", home.toString(),
                "XDG_DATA_HOME", home.resolve("data").toString(),
                "XDG_CONFIG_HOME", home.resolve("config").toString(),
                "XDG_RUNTIME_DIR", runtime.toString());
        return NativeTools.run(command, environment, NativeTools.logDirectory().resolve("skopeo.log"), 300);
    }
}
