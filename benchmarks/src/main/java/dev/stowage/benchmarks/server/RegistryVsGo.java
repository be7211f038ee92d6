package dev.stowage.benchmarks.server;

import com.sun.net.httpserver.HttpServer;
import dev.stowage.benchmarks.AbbaComparison;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Stowage against the Go registry (Debian's {@code docker-registry} 2.8.2), side by side in one
 * run: both start from the same {@code config.yml} (a filesystem root each, on free ports, access
 * logs off), and every workload runs against both in ABBA order, several rounds after a warm-up.
 * Prints each side's median and the Stowage/Go throughput ratio (above 1: Stowage is faster),
 * and the clients' own ceilings (skopeo between two local OCI layouts, curl against a server that
 * does nothing).
 *
 * <pre>
 * bin/bench-registry                 # full sizes: a 512 MiB layer, 200 small layers, a 128 MiB blob, 5 rounds
 * bin/bench-registry --quick         # small sizes, 2 rounds (what CI runs)
 * bin/bench-registry --only put,get  # some workloads
 * </pre>
 *
 * <p>Needs {@code skopeo}, {@code curl} and {@code docker-registry} on the path.
 */
public final class RegistryVsGo {

    private final Path work;
    private final boolean quick;
    private final int rounds;
    private final List<String> only;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final AtomicInteger runs = new AtomicInteger();
    private final List<String> table = new ArrayList<>();
    private Target stowage;
    private Target go;

    private RegistryVsGo(Path work, boolean quick, int rounds, List<String> only) {
        this.work = work;
        this.quick = quick;
        this.rounds = rounds;
        this.only = only;
    }

    /** A registry under test. */
    private record Target(String name, int port) {
        String hostPort() {
            return "127.0.0.1:" + port;
        }

        URI uri(String path) {
            return URI.create("http://" + hostPort() + path);
        }
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        int rounds = -1;
        Path jar = null;
        List<String> only = List.of();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--stowage-jar" -> jar = Path.of(args[++i]);
                case "--only" -> only = List.of(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (known: --quick, --rounds N, --stowage-jar PATH, --only w1,w2)");
            }
        }
        if (jar == null) {
            throw new IllegalArgumentException("--stowage-jar PATH is required (registry-server/target/stowage-registry-server-*.jar)");
        }
        Path work = Files.createTempDirectory("stowage-vs-go-");
        RegistryVsGo bench = new RegistryVsGo(work, quick, rounds > 0 ? rounds : quick ? 2 : 5, only);
        try {
            bench.run(jar);
        } finally {
            delete(work);
        }
    }

    private void run(Path jar) throws Exception {
        stowage = new Target("stowage", freePort());
        go = new Target("go", freePort());
        Process stowageProcess = start(List.of("java", "-jar", jar.toString(), "serve",
                config(stowage).toString()), "stowage");
        Process goProcess = start(List.of("docker-registry", "serve", config(go).toString()), "go");
        try {
            await(stowage);
            await(go);
            int big = quick ? 32 << 20 : 512 << 20;
            int smallLayers = quick ? 20 : 200;
            int blob = quick ? 16 << 20 : 128 << 20;
            int uploads = quick ? 40 : 200;
            System.out.printf(Locale.ROOT, "Stowage vs the Go registry: %d rounds (ABBA, after a warm-up), filesystem roots under %s%n",
                    rounds, work);
            Path bigImage = Images.write(work.resolve("img-big"), 1, big, 1);
            Path smallImage = Images.write(work.resolve("img-small"), smallLayers, 16 << 10, 2);
            Path blobFile = work.resolve("blob.bin");
            String blobDigest = "sha256:" + Images.randomFile(blobFile, blob, 3);
            List<Path> concurrentImages = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                concurrentImages.add(Images.write(work.resolve("img-c" + i), 3, quick ? 1 << 20 : 8 << 20, 10 + i));
            }
            Path pullImage = Images.write(work.resolve("img-pull"), 4, quick ? 1 << 20 : 4 << 20, 30);
            for (Target t : List.of(stowage, go)) {
                skopeo("copy", "--dest-tls-verify=false", "oci:" + bigImage + ":v1", "docker://" + t.hostPort() + "/bench/big:v1");
                skopeo("copy", "--dest-tls-verify=false", "oci:" + smallImage + ":v1", "docker://" + t.hostPort() + "/bench/small:v1");
                skopeo("copy", "--dest-tls-verify=false", "oci:" + pullImage + ":v1", "docker://" + t.hostPort() + "/bench/pull:v1");
                curlPut(t, "bench/blob", blobFile, blobDigest);
            }
            Path pulled = work.resolve("pulled");

            compare("push-big", t -> skopeo("copy", "--dest-tls-verify=false", "oci:" + bigImage + ":v1",
                    "docker://" + t.hostPort() + "/bench/big-" + runs.incrementAndGet() + ":v1"), () -> { });
            compare("pull-big", t -> skopeo("copy", "--src-tls-verify=false", "docker://" + t.hostPort()
                    + "/bench/big:v1", "oci:" + pulled + ":v1"), () -> delete(pulled));
            compare("push-200", t -> skopeo("copy", "--dest-tls-verify=false",
                    "oci:" + smallImage + ":v1", "docker://" + t.hostPort() + "/bench/small-" + runs.incrementAndGet() + ":v1"),
                    () -> { });
            compare("pull-200", t -> skopeo("copy", "--src-tls-verify=false",
                    "docker://" + t.hostPort() + "/bench/small:v1", "oci:" + pulled + ":v1"), () -> delete(pulled));
            compare("put", t -> curlPut(t, "bench/put-" + runs.incrementAndGet(), blobFile, blobDigest), () -> { });
            compare("get", t -> curl("-sS", "-f", "-o", "/dev/null", t.uri("/v2/bench/blob/blobs/" + blobDigest).toString()),
                    () -> { });
            compare("small-uploads", t -> smallUploads(t, uploads), () -> { });
            compare("push-8", t -> concurrentPushes(t, concurrentImages), () -> { });
            compare("pull-32", t -> concurrentPulls(t, 32), () -> { });
            ceilings(bigImage, blobFile, big, blob);
            System.out.println();
            System.out.println("workload        stowage median      go median   stowage/go throughput   (runs ms: stowage / go)");
            table.forEach(System.out::println);
        } finally {
            stowageProcess.destroy();
            goProcess.destroy();
        }
    }

    @FunctionalInterface
    private interface Workload {
        void run(Target target) throws Exception;
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private void compare(String name, Workload workload, Step before) throws IOException {
        if (!only.isEmpty() && !only.contains(name)) {
            return;
        }
        AbbaComparison c = AbbaComparison.run(rounds, () -> call(before),
                () -> call(() -> workload.run(stowage)), () -> call(() -> workload.run(go)));
        String line = String.format(Locale.ROOT, "%-14s %10.1f ms  %10.1f ms   %8.2f               (%s)", name,
                c.subjectSeconds() * 1e3, c.baselineSeconds() * 1e3, c.baselineSeconds() / c.subjectSeconds(), c.runs());
        System.out.println(line);
        table.add(line);
    }

    private static void call(Step step) throws IOException {
        try {
            step.run();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    // ---- workloads ------------------------------------------------------------------------------

    private void curlPut(Target t, String repository, Path file, String digest) throws Exception {
        HttpResponse<Void> post = http.send(HttpRequest.newBuilder(t.uri("/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        String location = post.headers().firstValue("Location").orElseThrow(() -> new IOException("no Location from " + t.name()));
        URI upload = location.startsWith("http") ? URI.create(location) : t.uri(location);
        String separator = upload.getQuery() == null ? "?" : "&";
        curl("-sS", "-f", "-o", "/dev/null", "-X", "PUT", "-H", "Content-Type: application/octet-stream", "-T", file.toString(),
                upload + separator + "digest=" + digest);
    }

    private void smallUploads(Target t, int count) throws Exception {
        String repository = "bench/uploads-" + runs.incrementAndGet();
        SplittableRandom random = new SplittableRandom(runs.get());
        for (int i = 0; i < count; i++) {
            byte[] content = new byte[1024];
            random.nextBytes(content);
            String digest = "sha256:" + HexFormat.of().formatHex(sha256(content));
            HttpResponse<Void> head = http.send(HttpRequest.newBuilder(t.uri("/v2/" + repository + "/blobs/" + digest))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            if (head.statusCode() != 404) {
                throw new IOException(t.name() + ": HEAD of a new blob answered " + head.statusCode());
            }
            HttpResponse<Void> post = http.send(HttpRequest.newBuilder(t.uri("/v2/" + repository + "/blobs/uploads/"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            String location = post.headers().firstValue("Location").orElseThrow();
            URI upload = location.startsWith("http") ? URI.create(location) : t.uri(location);
            HttpResponse<Void> put = http.send(HttpRequest.newBuilder(URI.create(upload + (upload.getQuery() == null ? "?" : "&")
                    + "digest=" + digest)).PUT(HttpRequest.BodyPublishers.ofByteArray(content))
                    .header("Content-Type", "application/octet-stream").build(), HttpResponse.BodyHandlers.discarding());
            if (put.statusCode() != 201) {
                throw new IOException(t.name() + ": PUT answered " + put.statusCode());
            }
        }
    }

    private void concurrentPushes(Target t, List<Path> images) throws Exception {
        int run = runs.incrementAndGet();
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            processes.add(skopeoProcess("copy", "--dest-tls-verify=false", "oci:" + images.get(i) + ":v1",
                    "docker://" + t.hostPort() + "/bench/c" + i + "-" + run + ":v1"));
        }
        for (Process p : processes) {
            if (p.waitFor() != 0) {
                throw new IOException("a concurrent skopeo push to " + t.name() + " failed");
            }
        }
    }

    /** {@code clients} threads, each fetching the manifest, the config and every layer of one image. */
    private void concurrentPulls(Target t, int clients) throws Exception {
        String accept = "application/vnd.oci.image.manifest.v1+json";
        byte[] manifest = http.send(HttpRequest.newBuilder(t.uri("/v2/bench/pull/manifests/v1")).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        List<String> digests = new ArrayList<>();
        var matcher = java.util.regex.Pattern.compile("\"digest\"\\s*:\\s*\"(sha256:[0-9a-f]{64})\"")
                .matcher(new String(manifest, StandardCharsets.UTF_8));
        while (matcher.find()) {
            digests.add(matcher.group(1));
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                done.add(pool.submit(() -> {
                    http.send(HttpRequest.newBuilder(t.uri("/v2/bench/pull/manifests/v1")).header("Accept", accept).build(),
                            HttpResponse.BodyHandlers.discarding());
                    for (String digest : digests) {
                        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(t.uri("/v2/bench/pull/blobs/" + digest))
                                .build(), HttpResponse.BodyHandlers.ofInputStream());
                        try (InputStream in = r.body()) {
                            in.transferTo(OutputStream.nullOutputStream());
                        }
                        if (r.statusCode() != 200) {
                            throw new IOException(t.name() + ": GET blob answered " + r.statusCode());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The clients' own limits: skopeo between two local layouts, curl against a server that does nothing. */
    private void ceilings(Path bigImage, Path blobFile, int big, int blob) throws Exception {
        Path copy = work.resolve("ceiling-copy");
        long t0 = System.nanoTime();
        skopeo("copy", "oci:" + bigImage + ":v1", "oci:" + copy + ":v1");
        double skopeoSeconds = (System.nanoTime() - t0) / 1e9;
        delete(copy);
        byte[] chunk = new byte[1 << 20];
        HttpServer trivial = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        trivial.createContext("/", exchange -> {
            if (exchange.getRequestMethod().equals("PUT")) {
                try (InputStream in = exchange.getRequestBody()) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
                exchange.sendResponseHeaders(201, -1);
            } else {
                exchange.sendResponseHeaders(200, blob);
                try (OutputStream out = exchange.getResponseBody()) {
                    for (long left = blob; left > 0; left -= chunk.length) {
                        out.write(chunk, 0, (int) Math.min(chunk.length, left));
                    }
                }
            }
            exchange.close();
        });
        trivial.setExecutor(Executors.newFixedThreadPool(4));
        trivial.start();
        try {
            String url = "http://127.0.0.1:" + trivial.getAddress().getPort() + "/blob";
            long t1 = System.nanoTime();
            curl("-sS", "-f", "-o", "/dev/null", "-X", "PUT", "-T", blobFile.toString(), url);
            double put = (System.nanoTime() - t1) / 1e9;
            long t2 = System.nanoTime();
            curl("-sS", "-f", "-o", "/dev/null", url);
            double get = (System.nanoTime() - t2) / 1e9;
            table.add(String.format(Locale.ROOT, "ceilings: skopeo oci->oci of the big image %.1f ms (%.0f MiB/s); "
                            + "curl PUT to a null server %.1f ms (%.0f MiB/s); curl GET %.1f ms (%.0f MiB/s)",
                    skopeoSeconds * 1e3, big / 1048576.0 / skopeoSeconds, put * 1e3, blob / 1048576.0 / put, get * 1e3,
                    blob / 1048576.0 / get));
        } finally {
            trivial.stop(0);
            ((ExecutorService) trivial.getExecutor()).shutdownNow();
        }
    }

    // ---- processes --------------------------------------------------------------------------------

    private Path config(Target t) throws IOException {
        Path root = Files.createDirectories(work.resolve("root-" + t.name()));
        Path file = work.resolve("config-" + t.name() + ".yml");
        Files.writeString(file, """
                version: 0.1
                log:
                  level: error
                  accesslog:
                    disabled: true
                storage:
                  filesystem:
                    rootdirectory: %s
                  cache:
                    blobdescriptor: inmemory
                  maintenance:
                    uploadpurging:
                      enabled: false
                http:
                  addr: 127.0.0.1:%d
                  secret: benchmark
                """.formatted(root, t.port()));
        return file;
    }

    private Process start(List<String> command, String name) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile()).start();
    }

    private void await(Target t) throws Exception {
        for (int i = 0; i < 300; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(t.uri("/v2/")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(100);
        }
        throw new IOException(t.name() + " did not start; see " + work.resolve(t.name() + ".log"));
    }

    /**
     * skopeo with a fresh home of its own: no blob-info cache remembers that a layer was pushed
     * before (it would mount the layer instead of uploading it, and the push would measure a mount).
     */
    private Process skopeoProcess(String... args) throws IOException {
        Path home = Files.createDirectories(work.resolve("skopeo-home").resolve(Integer.toString(runs.incrementAndGet())));
        Path runtime = Files.createDirectories(home.resolve("run"), java.nio.file.attribute.PosixFilePermissions
                .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy", "--tmpdir",
                Files.createDirectories(home.resolve("tmp")).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("skopeo.log").toFile()));
        builder.environment().putAll(java.util.Map.of("_CONTAINERS_ROOTLESS_UID", "4242", "HOME", home.toString(),
                "XDG_DATA_HOME", home.resolve("data").toString(), "XDG_CONFIG_HOME", home.resolve("config").toString(),
                "XDG_RUNTIME_DIR", runtime.toString()));
        return builder.start();
    }

    private void skopeo(String... args) throws Exception {
        Process p = skopeoProcess(args);
        if (p.waitFor() != 0) {
            throw new IOException("skopeo " + String.join(" ", args) + " failed; see " + work.resolve("skopeo.log"));
        }
    }

    private void curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("curl.log").toFile())).start();
        if (p.waitFor() != 0) {
            throw new IOException("curl " + String.join(" ", args) + " failed; see " + work.resolve("curl.log"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
