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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Stowage against the Go registry (Debian's {@code docker-registry} 2.8.2), side by side in one
 * run: both start from the same {@code config.yml} (a filesystem root each, or with {@code --s3} a
 * root directory each in one bucket of an Adobe S3Mock server that the benchmark starts; free
 * ports, access logs off), and every workload runs against both in ABBA order, several rounds
 * after a warm-up.
 * Prints each side's median and the Stowage/Go throughput ratio (above 1: Stowage is faster),
 * and the clients' own ceilings (skopeo between two local OCI layouts, curl against a server that
 * does nothing; medians of five). The layers are gzip-compressed tars, as pushed images' layers
 * are, so skopeo sends them as they are (an uncompressed layer is compressed by skopeo on the
 * way, and the push then measures skopeo's gzip). {@code put} and {@code get} count curl's own
 * transfer time, not the start of its process.
 *
 * <pre>
 * bin/bench-registry                 # full sizes: a 512 MiB layer, 200 small layers, a 128 MiB blob, 5 rounds
 * bin/bench-registry --quick         # small sizes, 2 rounds (what CI runs)
 * bin/bench-registry --only put,get  # some workloads
 * bin/bench-registry --s3            # both registries on S3Mock instead of the filesystem
 * </pre>
 *
 * <p>Needs {@code skopeo}, {@code curl} and {@code docker-registry} on the path.
 */
public final class RegistryVsGo {

    private final Path work;
    private final boolean quick;
    private final int rounds;
    /** Unmeasured rounds of each workload before its measured ones. */
    private final int warmups;
    private final List<String> only;
    private final Path s3mockJar; // null: filesystem roots
    private URI s3Endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build(); // as registry clients do (a blob GET may redirect to the storage)
    private final AtomicInteger runs = new AtomicInteger();
    private final List<String> table = new ArrayList<>();
    private Target stowage;
    private Target go;

    private RegistryVsGo(Path work, boolean quick, int rounds, int warmups, List<String> only, Path s3mockJar) {
        this.work = work;
        this.quick = quick;
        this.rounds = rounds;
        this.warmups = warmups;
        this.only = only;
        this.s3mockJar = s3mockJar;
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
        int warmups = 1;
        Path jar = null;
        List<String> only = List.of();
        boolean s3 = false;
        Path s3mockJar = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmups = Integer.parseInt(args[++i]);
                case "--stowage-jar" -> jar = Path.of(args[++i]);
                case "--only" -> only = List.of(args[++i].split(","));
                case "--s3" -> s3 = true;
                case "--s3mock-jar" -> s3mockJar = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (known: --quick, --rounds N, --warmup N, --stowage-jar PATH, --only w1,w2, --s3, --s3mock-jar PATH)");
            }
        }
        if (s3 && (s3mockJar == null || !Files.isRegularFile(s3mockJar))) {
            throw new IllegalArgumentException("--s3 needs --s3mock-jar PATH (com.adobe.testing:s3mock:exec), found " + s3mockJar);
        }
        if (jar == null) {
            throw new IllegalArgumentException("--stowage-jar PATH is required (registry-server/target/stowage-registry-server-*.jar)");
        }
        Path work = Files.createTempDirectory("stowage-vs-go-");
        RegistryVsGo bench = new RegistryVsGo(work, quick, rounds > 0 ? rounds : quick ? 2 : 5, Math.max(0, warmups), only, s3 ? s3mockJar : null);
        try {
            bench.run(jar);
        } finally {
            delete(work);
        }
    }

    private void run(Path jar) throws Exception {
        stowage = new Target("stowage", freePort());
        go = new Target("go", freePort());
        Process s3mock = s3mockJar == null ? null : startS3Mock();
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
            System.out.printf(Locale.ROOT, "Stowage vs the Go registry: %d rounds (ABBA, after %d warm-up round%s), %s%n",
                    rounds, warmups, warmups == 1 ? "" : "s", s3Endpoint == null ? "filesystem roots under " + work : "S3Mock at " + s3Endpoint);
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
            // curl's own transfer time (time_total), not its process start, which costs as much as a
            // 128 MiB transfer here and would pull both ratios towards 1.
            // Each PUT uploads a blob neither registry has (new random bytes, made before the run):
            // the same blob again is the registries' duplicate path, which deletes the upload.
            Path putFile = work.resolve("put.bin");
            String[] putDigest = new String[1];
            compareSelfTimed("put", t -> curlPut(t, "bench/put-" + runs.get(), putFile, putDigest[0]),
                    () -> putDigest[0] = "sha256:" + Images.randomFile(putFile, blob, 1000 + runs.incrementAndGet()));
            compareSelfTimed("get", t -> curl("-sS", "-f", "-L", "-o", "/dev/null", t.uri("/v2/bench/blob/blobs/" + blobDigest).toString()),
                    () -> { });
            compare("small-uploads", t -> smallUploads(t, uploads), () -> { });
            compare("push-8", t -> concurrentPushes(t, concurrentImages), () -> { });
            compare("pull-32", t -> concurrentPulls(t, 32), () -> { });
            ceilings(bigImage, smallImage, blobFile, big, blob, uploads, concurrentImages);
            System.out.println();
            System.out.println("workload        stowage median      go median   stowage/go throughput   (runs ms: stowage / go)  cpu steal");
            table.forEach(System.out::println);
        } finally {
            stowageProcess.destroy();
            goProcess.destroy();
            if (s3mock != null) {
                s3mock.destroy();
                s3mock.waitFor();
            }
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

    @FunctionalInterface
    private interface SelfTimedWorkload {
        /** Runs once against {@code target}; returns the nanoseconds that count. */
        long run(Target target) throws Exception;
    }

    /** A workload timed by the wall clock around it. */
    private void compare(String name, Workload workload, Step before) throws IOException {
        compareSelfTimed(name, t -> {
            long start = System.nanoTime();
            workload.run(t);
            return System.nanoTime() - start;
        }, before);
    }

    private void compareSelfTimed(String name, SelfTimedWorkload workload, Step before) throws IOException {
        if (!only.isEmpty() && !only.contains(name)) {
            return;
        }
        long[] cpuBefore = cpuTimes();
        AbbaComparison comparison = AbbaComparison.runSelfTimed(warmups, rounds, () -> call(() -> {
                    before.run();
                    sync();
                }),
                () -> timedCall(() -> workload.run(stowage)), () -> timedCall(() -> workload.run(go)));
        report(name, comparison, stealPercent(cpuBefore, cpuTimes()));
    }

    private void report(String name, AbbaComparison c, String steal) {
        String line = String.format(Locale.ROOT, "%-14s %10.1f ms  %10.1f ms   %8.2f               (%s)  steal %s", name,
                c.subjectSeconds() * 1e3, c.baselineSeconds() * 1e3, c.baselineSeconds() / c.subjectSeconds(), c.runs(), steal);
        System.out.println(line);
        table.add(line);
    }

    /**
     * The machine's CPU time counters (the first line of {@code /proc/stat}, in ticks), or an empty
     * array where there is none. Their steal column is the time a hypervisor ran other guests while
     * this VM wanted the CPU: on a shared VM, what makes runs of one workload differ.
     */
    private static long[] cpuTimes() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long[] ticks = new long[fields.length - 1];
            for (int i = 1; i < fields.length; i++) {
                ticks[i - 1] = Long.parseLong(fields[i]);
            }
            return ticks;
        } catch (IOException | RuntimeException e) {
            return new long[0];
        }
    }

    /** The share of CPU time stolen between two readings, as "23%", or "n/a". */
    private static String stealPercent(long[] before, long[] after) {
        int steal = 7; // user nice system idle iowait irq softirq steal ...
        if (before.length <= steal || after.length != before.length) {
            return "n/a";
        }
        long total = 0;
        for (int i = 0; i < Math.min(after.length, 8); i++) {
            total += after[i] - before[i];
        }
        return total <= 0 ? "n/a" : Math.round(100.0 * (after[steal] - before[steal]) / total) + "%";
    }

    @FunctionalInterface
    private interface TimedStep {
        long run() throws Exception;
    }

    private static long timedCall(TimedStep step) throws IOException {
        try {
            return step.run();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
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

    /** A monolithic upload: a POST, then the body in one PUT with curl; returns the POST's time plus curl's. */
    private long curlPut(Target t, String repository, Path file, String digest) throws Exception {
        long start = System.nanoTime();
        HttpResponse<Void> post = http.send(HttpRequest.newBuilder(t.uri("/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        String location = post.headers().firstValue("Location").orElseThrow(() -> new IOException("no Location from " + t.name()));
        URI upload = location.startsWith("http") ? URI.create(location) : t.uri(location);
        String separator = upload.getQuery() == null ? "?" : "&";
        long postNanos = System.nanoTime() - start;
        return postNanos + curl("-sS", "-f", "-o", "/dev/null", "-X", "PUT", "-H", "Content-Type: application/octet-stream",
                "-T", file.toString(), upload + separator + "digest=" + digest);
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
        List<String> digests = digestsIn(manifest);
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

    /** The digests a manifest names (its config's and its layers'). */
    private static List<String> digestsIn(byte[] manifest) {
        List<String> digests = new ArrayList<>();
        var matcher = java.util.regex.Pattern.compile("\"digest\"\\s*:\\s*\"(sha256:[0-9a-f]{64})\"")
                .matcher(new String(manifest, StandardCharsets.UTF_8));
        while (matcher.find()) {
            digests.add(matcher.group(1));
        }
        return digests;
    }

    /** The median of {@link #CEILING_RUNS} timed runs of {@code run}, in seconds. */
    private double medianSeconds(Step run) throws Exception {
        List<Double> runs = new ArrayList<>();
        for (int i = 0; i < CEILING_RUNS; i++) {
            runs.add(seconds(run));
        }
        return median(runs);
    }

    /** The clients' own limits: skopeo between two local layouts, curl against a server that does nothing. */
    private void ceilings(Path bigImage, Path smallImage, Path blobFile, int big, int blob, int uploads,
                          List<Path> concurrentImages) throws Exception {
        double skopeoSeconds = skopeoCopySeconds(bigImage);
        double skopeoSmallSeconds = skopeoCopySeconds(smallImage);
        double pushSeconds;
        double pushSmallSeconds;
        double pushesSeconds;
        try (NullRegistry nothing = new NullRegistry()) {
            pushSeconds = skopeoPushSeconds(bigImage, nothing);
            pushSmallSeconds = skopeoPushSeconds(smallImage, nothing);
            Target null8 = new Target("null", nothing.port());
            pushesSeconds = medianSeconds(() -> concurrentPushes(null8, concurrentImages));
        }
        // The image the 32 clients pull, as Stowage serves it, to be answered from memory below.
        String accept = "application/vnd.oci.image.manifest.v1+json";
        byte[] pullManifest = http.send(HttpRequest.newBuilder(stowage.uri("/v2/bench/pull/manifests/v1")).header("Accept", accept)
                .build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        Map<String, Long> pullSizes = new HashMap<>();
        for (String digest : digestsIn(pullManifest)) {
            HttpResponse<Void> head = http.send(HttpRequest.newBuilder(stowage.uri("/v2/bench/pull/blobs/" + digest))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            pullSizes.put(digest, head.headers().firstValueAsLong("Content-Length").orElseThrow());
        }
        byte[] chunk = new byte[1 << 20];
        HttpServer trivial = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        trivial.createContext("/", exchange -> {
            if (exchange.getRequestMethod().equals("PUT")) {
                try (InputStream in = exchange.getRequestBody()) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
                exchange.sendResponseHeaders(201, -1);
            } else if (exchange.getRequestMethod().equals("HEAD")) { // the small uploads' client loop
                exchange.sendResponseHeaders(404, -1);
            } else if (exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().set("Location", "/upload/1");
                exchange.sendResponseHeaders(202, -1);
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
        trivial.createContext("/v2/bench/pull/", exchange -> { // the 32 pulling clients
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith("/manifests/v1")) {
                exchange.getResponseHeaders().set("Content-Type", accept);
                exchange.sendResponseHeaders(200, pullManifest.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(pullManifest);
                }
            } else {
                long size = pullSizes.getOrDefault(path.substring(path.lastIndexOf('/') + 1), 0L);
                exchange.sendResponseHeaders(200, size);
                try (OutputStream out = exchange.getResponseBody()) {
                    for (long left = size; left > 0; left -= chunk.length) {
                        out.write(chunk, 0, (int) Math.min(chunk.length, left));
                    }
                }
            }
            exchange.close();
        });
        trivial.setExecutor(Executors.newFixedThreadPool(32)); // a thread for each of the 32 pulling clients
        trivial.start();
        try {
            String url = "http://127.0.0.1:" + trivial.getAddress().getPort() + "/blob";
            List<Double> puts = new ArrayList<>();
            List<Double> gets = new ArrayList<>();
            for (int i = 0; i < CEILING_RUNS; i++) {
                puts.add(curl("-sS", "-f", "-o", "/dev/null", "-X", "PUT", "-T", blobFile.toString(), url) / 1e9);
                gets.add(curl("-sS", "-f", "-o", "/dev/null", url) / 1e9);
            }
            double put = median(puts);
            double get = median(gets);
            Target nothing = new Target("trivial", trivial.getAddress().getPort());
            double small = medianSeconds(() -> smallUploads(nothing, uploads));
            double pulls = medianSeconds(() -> concurrentPulls(nothing, 32));
            table.add(String.format(Locale.ROOT, "ceilings: skopeo oci->oci of the big image %.1f ms (%.0f MiB/s), "
                            + "of the image of small layers %.1f ms; skopeo's push to a registry that keeps nothing and "
                            + "answers at once: the big image %.1f ms, the image of small layers %.1f ms; "
                            + "curl PUT to a null server %.1f ms (%.0f MiB/s); curl GET %.1f ms (%.0f MiB/s); "
                            + "the small uploads' client against a server that answers at once %.1f ms; "
                            + "8 skopeo pushes at once to the registry that keeps nothing %.1f ms; "
                            + "the 32 pulling clients against a server answering from memory %.1f ms",
                    skopeoSeconds * 1e3, big / 1048576.0 / skopeoSeconds, skopeoSmallSeconds * 1e3,
                    pushSeconds * 1e3, pushSmallSeconds * 1e3, put * 1e3,
                    blob / 1048576.0 / put, get * 1e3, blob / 1048576.0 / get, small * 1e3,
                    pushesSeconds * 1e3, pulls * 1e3));
            if (s3Endpoint != null) {
                // The storage's own limit: the same blob straight into and out of S3Mock (it checks no signatures).
                String object = s3Endpoint + "/" + S3_BUCKET + "/ceiling/blob";
                double s3Put = curl("-sS", "-f", "-o", "/dev/null", "-X", "PUT", "-T", blobFile.toString(), object) / 1e9;
                double s3Get = curl("-sS", "-f", "-o", "/dev/null", object) / 1e9;
                table.add(String.format(Locale.ROOT, "ceilings: curl PUT straight to S3Mock %.1f ms (%.0f MiB/s); GET %.1f ms (%.0f MiB/s)",
                        s3Put * 1e3, blob / 1048576.0 / s3Put, s3Get * 1e3, blob / 1048576.0 / s3Get));
            }
        } finally {
            trivial.stop(0);
            ((ExecutorService) trivial.getExecutor()).shutdownNow();
        }
    }

    /** The median time of skopeo pushing {@code image} to {@code nothing}: its own cost of a push. */
    private double skopeoPushSeconds(Path image, NullRegistry nothing) throws Exception {
        return medianSeconds(() -> skopeo("copy", "--dest-tls-verify=false", "oci:" + image + ":v1",
                "docker://127.0.0.1:" + nothing.port() + "/ceiling/push:v1"));
    }

    /** The median time of skopeo copying {@code image} between two local OCI layouts: its own cost of a push or pull. */
    private double skopeoCopySeconds(Path image) throws Exception {
        Path copy = work.resolve("ceiling-copy");
        List<Double> runs = new ArrayList<>();
        for (int i = 0; i < CEILING_RUNS; i++) {
            runs.add(seconds(() -> skopeo("copy", "oci:" + image + ":v1", "oci:" + copy + ":v1")));
            delete(copy);
        }
        return median(runs);
    }

    /**
     * Writes all dirty pages out, before each run (unmeasured): a run's fsyncs then pay for its
     * own writes only, not for the earlier run's or the generated images' still in the page
     * cache (on ext4 a journal commit first writes out every file's newly allocated data).
     */
    private static void sync() throws Exception {
        if (new ProcessBuilder("sync").inheritIO().start().waitFor() != 0) {
            throw new IOException("sync failed");
        }
    }

    /** How many times each ceiling is measured; the median counts. */
    private static final int CEILING_RUNS = 5;

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** How long {@code step} takes, in seconds. */
    private static double seconds(Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        return (System.nanoTime() - start) / 1e9;
    }

    // ---- processes --------------------------------------------------------------------------------

    private Path config(Target t) throws IOException {
        String driver;
        if (s3Endpoint == null) {
            driver = """
                      filesystem:
                        rootdirectory: %s
                    """.formatted(Files.createDirectories(work.resolve("root-" + t.name())));
        } else {
            // What the Go registry 2.8.2 reads for an S3-compatible server; Stowage reads the same keys.
            driver = """
                      s3:
                        region: us-east-1
                        bucket: %s
                        regionendpoint: %s
                        accesskey: bench
                        secretkey: bench
                        secure: false
                        v4auth: true
                        rootdirectory: /%s
                    """.formatted(S3_BUCKET, s3Endpoint, t.name());
        }
        Path file = work.resolve("config-" + t.name() + ".yml");
        Files.writeString(file, """
                version: 0.1
                log:
                  level: error
                  accesslog:
                    disabled: true
                storage:
                %s  cache:
                    blobdescriptor: inmemory
                  maintenance:
                    uploadpurging:
                      enabled: false
                http:
                  addr: 127.0.0.1:%d
                  secret: benchmark
                """.formatted(driver, t.port()));
        return file;
    }

    private static final String S3_BUCKET = "bench";

    /** Adobe S3Mock with one bucket, its store under the work folder; returns once the bucket answers. */
    private Process startS3Mock() throws Exception {
        int port = freePort();
        Process process = start(List.of("java", "-XX:TieredStopAtLevel=1", "-Xmx1g", "-jar", s3mockJar.toString(),
                "--server.port=0", "--com.adobe.testing.s3mock.httpPort=" + port,
                "--com.adobe.testing.s3mock.store.root=" + work.resolve("s3mock-store"),
                "--com.adobe.testing.s3mock.store.initial-buckets=" + S3_BUCKET, "--server.shutdown=immediate"), "s3mock");
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        try {
            awaitOk(HttpRequest.newBuilder(endpoint.resolve("/" + S3_BUCKET))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), "s3mock", 60);
        } catch (IOException e) {
            process.destroyForcibly();
            throw e;
        }
        s3Endpoint = endpoint;
        return process;
    }

    private Process start(List<String> command, String name) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile());
        // The Go registry's AWS SDK refuses to start when AWS_CA_BUNDLE is set and the endpoint is plain HTTP.
        builder.environment().remove("AWS_CA_BUNDLE");
        return builder.start();
    }

    private void await(Target t) throws Exception {
        awaitOk(HttpRequest.newBuilder(t.uri("/v2/")).build(), t.name(), 30);
    }

    /** Polls until {@code request} answers 200, for at most {@code seconds}; the failure names the server's log. */
    private void awaitOk(HttpRequest request, String name, int seconds) throws Exception {
        for (int i = 0; i < seconds * 10; i++) {
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(100);
        }
        throw new IOException(name + " did not start; see " + work.resolve(name + ".log"));
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

    /** Runs curl; returns the time curl itself reports for the transfer ({@code time_total}), in nanoseconds. */
    private long curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-w", "%{time_total}\\n"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(work.resolve("curl.log").toFile())).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        if (p.waitFor() != 0) {
            throw new IOException("curl " + String.join(" ", args) + " failed; see " + work.resolve("curl.log"));
        }
        return Math.round(Double.parseDouble(out.substring(out.lastIndexOf('\n') + 1)) * 1e9);
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
