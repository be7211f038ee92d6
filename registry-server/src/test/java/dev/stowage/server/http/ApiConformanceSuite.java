package dev.stowage.server.http;

import static dev.stowage.server.http.ApiClient.errorCode;
import static dev.stowage.server.http.ApiClient.json;
import static dev.stowage.server.http.ApiClient.text;
import static dev.stowage.server.http.ApiClient.withDigest;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.driver.FileWriter;
import dev.stowage.driver.ForwardingStorageDriver;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriver;
import dev.stowage.registry.Digest;
import dev.stowage.registry.Registry;
import dev.stowage.registry.RegistryOptions;
import dev.stowage.registry.RepositoryName;
import dev.stowage.registry.layout.Layout;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The checks of the OCI distribution specification's four conformance workflows (pull, push,
 * content discovery, content management), written from the specification's text and run over
 * plain HTTP against a running server. Each driver gets a subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ApiConformanceSuite {

    static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";
    static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";

    private static final AtomicInteger REPOSITORIES = new AtomicInteger();

    private StorageDriver driver;
    private Registry registry;
    private RegistryServer server;
    ApiClient client;
    private final Random random = new Random(11);

    protected abstract StorageDriver newDriver() throws Exception;

    /**
     * A second driver over the same store, as another replica (process) would open it; the same
     * driver for backends that live in one process only.
     */
    protected StorageDriver replicaDriver(StorageDriver first) throws Exception {
        return first;
    }

    @BeforeAll
    void startServer() throws Exception {
        driver = newDriver();
        // Redirects off, so that every answer comes from the server itself; one test turns them on.
        registry = Registry.builder(driver).options(RegistryOptions.defaults().withDeleteEnabled(true)
                .withRedirect(false).withMaxManifestSize(64 * 1024)).build();
        server = RegistryServer.builder(registry).address("127.0.0.1", 0).secret("conformance").build();
        server.start();
        client = new ApiClient(server.uri());
    }

    @AfterAll
    void stopServer() throws Exception {
        server.close();
        registry.close();
        driver.close();
    }

    /** A repository name no other test uses. */
    static String newRepository() {
        return "conformance/repo-" + REPOSITORIES.incrementAndGet();
    }

    byte[] bytes(int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        return b;
    }

    static String descriptor(String mediaType, Digest digest, long size) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
    }

    /** An image in {@code name}: config and one layer pushed, the manifest's JSON returned (not pushed). */
    String image(String name, String mediaType, String extra) throws Exception {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"n\":" + random.nextInt() + "}").getBytes(UTF_8);
        byte[] layer = bytes(2000);
        Digest c = client.pushBlob(name, config);
        Digest l = client.pushBlob(name, layer);
        String configType = mediaType.equals(DOCKER_MANIFEST) ? "application/vnd.docker.container.image.v1+json" : CONFIG_TYPE;
        String layerType = mediaType.equals(DOCKER_MANIFEST) ? "application/vnd.docker.image.rootfs.diff.tar.gzip" : LAYER_TYPE;
        return "{\"schemaVersion\":2,\"mediaType\":\"" + mediaType + "\",\"config\":" + descriptor(configType, c, config.length)
                + ",\"layers\":[" + descriptor(layerType, l, layer.length) + "]" + extra + "}";
    }

    // ---- pull ----

    @Test
    void baseEndpointAnswers200WithTheApiVersionHeader() throws Exception {
        HttpResponse<byte[]> r = client.get("/v2/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Docker-Distribution-API-Version")).hasValue("registry/2.0");
    }

    @Test
    void blobHeadAndGetAnswerItsSizeDigestAndBytes() throws Exception {
        String name = newRepository();
        byte[] content = bytes(5000);
        Digest digest = client.pushBlob(name, content);
        HttpResponse<byte[]> head = client.head("/v2/" + name + "/blobs/" + digest);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue("5000");
        assertThat(head.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
        assertThat(head.body()).isEmpty();
        HttpResponse<byte[]> get = client.get("/v2/" + name + "/blobs/" + digest);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(content);
        assertThat(get.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
    }

    @Test
    void blobGetRedirectsToTheDriversUrlWhenItHasOneAndHeadIsAnswered() throws Exception {
        String name = newRepository();
        byte[] content = bytes(2000);
        Digest digest = client.pushBlob(name, content);
        try (Registry redirecting = Registry.builder(driver).build();
             RegistryServer server = RegistryServer.builder(redirecting).address("127.0.0.1", 0).build()) {
            server.start();
            ApiClient other = new ApiClient(server.uri(), false);
            HttpResponse<byte[]> get = other.get("/v2/" + name + "/blobs/" + digest);
            if (driver.capabilities().redirect()) {
                assertThat(get.statusCode()).isEqualTo(307);
                assertThat(get.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
                assertThat(other.get(other.location(get)).body()).as("the redirect URL serves the blob").isEqualTo(content);
            } else {
                assertThat(get.statusCode()).isEqualTo(200);
                assertThat(get.body()).isEqualTo(content);
            }
            HttpResponse<byte[]> head = other.head("/v2/" + name + "/blobs/" + digest);
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
        }
    }

    @Test
    void missingBlobIs404BlobUnknown() throws Exception {
        String name = newRepository();
        client.pushBlob(name, bytes(10));
        Digest absent = Digest.sha256(bytes(10));
        assertThat(client.head("/v2/" + name + "/blobs/" + absent).statusCode()).isEqualTo(404);
        HttpResponse<byte[]> get = client.get("/v2/" + name + "/blobs/" + absent);
        assertThat(get.statusCode()).isEqualTo(404);
        assertThat(errorCode(get)).isEqualTo("BLOB_UNKNOWN");
    }

    @Test
    void blobOfAnotherRepositoryIsNotServed() throws Exception {
        Digest digest = client.pushBlob(newRepository(), bytes(100));
        HttpResponse<byte[]> get = client.get("/v2/" + newRepository() + "/blobs/" + digest);
        assertThat(get.statusCode()).isEqualTo(404);
        assertThat(errorCode(get)).isEqualTo("BLOB_UNKNOWN");
    }

    @Test
    void rangeRequestsAnswer206AndOutOfRangeAnswers416() throws Exception {
        String name = newRepository();
        byte[] content = bytes(1000);
        Digest digest = client.pushBlob(name, content);
        HttpResponse<byte[]> part = client.get("/v2/" + name + "/blobs/" + digest, "Range", "bytes=100-199");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 100-199/1000");
        assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(content, 100, 200));
        HttpResponse<byte[]> outside = client.get("/v2/" + name + "/blobs/" + digest, "Range", "bytes=5000-6000");
        assertThat(outside.statusCode()).isEqualTo(416);
        assertThat(outside.headers().firstValue("Content-Range")).hasValue("bytes */1000");
    }

    @Test
    void matchingIfNoneMatchAnswers304() throws Exception {
        String name = newRepository();
        Digest digest = client.pushBlob(name, bytes(100));
        HttpResponse<byte[]> r = client.get("/v2/" + name + "/blobs/" + digest, "If-None-Match", "\"" + digest + "\"");
        assertThat(r.statusCode()).isEqualTo(304);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void manifestByTagAndByDigestAnswersTheExactBytes() throws Exception {
        String name = newRepository();
        String manifest = image(name, OCI_MANIFEST, "");
        Digest digest = Digest.sha256(manifest.getBytes(UTF_8));
        assertThat(client.pushManifest(name, "v1", OCI_MANIFEST, manifest).statusCode()).isEqualTo(201);
        for (String reference : List.of("v1", digest.toString())) {
            HttpResponse<byte[]> head = client.head("/v2/" + name + "/manifests/" + reference, "Accept", OCI_MANIFEST);
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
            assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(manifest.length()));
            HttpResponse<byte[]> get = client.get("/v2/" + name + "/manifests/" + reference, "Accept", OCI_MANIFEST);
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.headers().firstValue("Content-Type")).hasValue(OCI_MANIFEST);
            assertThat(text(get)).isEqualTo(manifest);
        }
    }

    @Test
    void missingManifestIs404ManifestUnknown() throws Exception {
        String name = newRepository();
        client.pushManifest(name, "v1", OCI_MANIFEST, image(name, OCI_MANIFEST, ""));
        HttpResponse<byte[]> byTag = client.get("/v2/" + name + "/manifests/absent");
        assertThat(byTag.statusCode()).isEqualTo(404);
        assertThat(errorCode(byTag)).isEqualTo("MANIFEST_UNKNOWN");
        HttpResponse<byte[]> byDigest = client.get("/v2/" + name + "/manifests/" + Digest.sha256(bytes(5)));
        assertThat(byDigest.statusCode()).isEqualTo(404);
        assertThat(errorCode(byDigest)).isEqualTo("MANIFEST_UNKNOWN");
    }

    @Test
    void indexNotAcceptedIsAnsweredWithItsLinuxAmd64Image() throws Exception {
        String name = newRepository();
        String child = image(name, DOCKER_MANIFEST, "");
        Digest childDigest = Digest.sha256(child.getBytes(UTF_8));
        assertThat(client.pushManifest(name, childDigest.toString(), DOCKER_MANIFEST, child).statusCode()).isEqualTo(201);
        String list = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.list.v2+json\","
                + "\"manifests\":[{\"mediaType\":\"" + DOCKER_MANIFEST + "\",\"digest\":\"" + childDigest + "\",\"size\":"
                + child.length() + ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}]}";
        assertThat(client.pushManifest(name, "multi", "application/vnd.docker.distribution.manifest.list.v2+json", list)
                .statusCode()).isEqualTo(201);
        HttpResponse<byte[]> r = client.get("/v2/" + name + "/manifests/multi", "Accept", DOCKER_MANIFEST);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Docker-Content-Digest")).hasValue(childDigest.toString());
        assertThat(text(r)).isEqualTo(child);
    }

    @Test
    void invalidNameAndDigestAre400WithTheirCodes() throws Exception {
        HttpResponse<byte[]> name = client.get("/v2/UPPER/blobs/" + Digest.sha256(bytes(1)));
        assertThat(name.statusCode()).isEqualTo(400);
        assertThat(errorCode(name)).isEqualTo("NAME_INVALID");
        HttpResponse<byte[]> digest = client.get("/v2/" + newRepository() + "/blobs/sha256:nothex");
        assertThat(digest.statusCode()).isEqualTo(400);
        assertThat(errorCode(digest)).isEqualTo("DIGEST_INVALID");
    }

    @Test
    void unknownEndpointIs404AndUnsupportedMethodIs405() throws Exception {
        assertThat(client.get("/v3/").statusCode()).isEqualTo(404);
        HttpResponse<byte[]> r = client.send(client.request("/v2/").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(errorCode(r)).isEqualTo("UNSUPPORTED");
        assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    // ---- push ----

    @Test
    void postThenPutStoresTheBlobAndAnswersItsLocationWithoutEverMakingAnUploadFolder() throws Exception {
        String name = newRepository();
        byte[] content = bytes(3000);
        Digest digest = Digest.sha256(content);
        String location = client.startUpload(name);
        assertThat(uploadsOf(name)).as("after the POST").isEmpty();
        HttpResponse<byte[]> status = client.get(location);
        assertThat(status.statusCode()).isEqualTo(204);
        assertThat(status.headers().firstValue("Range")).hasValue("0-0");
        HttpResponse<byte[]> put = client.put(withDigest(location, digest), "application/octet-stream", content);
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(uploadsOf(name)).as("after the PUT").isEmpty();
        assertThat(client.location(put)).endsWith("/v2/" + name + "/blobs/" + digest);
        assertThat(put.headers().firstValue("Docker-Content-Digest")).hasValue(digest.toString());
        assertThat(client.get(client.location(put)).body()).isEqualTo(content);
    }

    @Test
    void singlePostWithDigestStoresTheBlob() throws Exception {
        String name = newRepository();
        byte[] content = bytes(3000);
        Digest digest = Digest.sha256(content);
        HttpResponse<byte[]> r = client.post("/v2/" + name + "/blobs/uploads/?digest=" + digest, content);
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(client.location(r)).endsWith("/v2/" + name + "/blobs/" + digest);
        assertThat(client.get("/v2/" + name + "/blobs/" + digest).body()).isEqualTo(content);
    }

    /** What a client does against a server of its own. */
    interface ClientSteps {
        void run(ApiClient client) throws Exception;
    }

    /**
     * The driver's {@code writer} ("writer <path>") and {@code move} ("move <source>") calls while
     * {@code steps} run against a server of their own on this suite's driver, redirects off, with
     * {@code heldUploadMemory} bytes of held upload memory (negative: the registry's default).
     */
    private List<String> callsWhile(long heldUploadMemory, ClientSteps steps) throws Exception {
        List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
        StorageDriver watched = new ForwardingStorageDriver(driver) {
            @Override
            public FileWriter writer(String path, boolean append) throws java.io.IOException {
                calls.add("writer " + path);
                return super.writer(path, append);
            }

            @Override
            public void move(String sourcePath, String destPath) throws java.io.IOException {
                calls.add("move " + sourcePath);
                super.move(sourcePath, destPath);
            }
        };
        Registry.Builder builder = Registry.builder(watched).options(RegistryOptions.defaults().withRedirect(false));
        if (heldUploadMemory >= 0) {
            builder.heldUploadMemory(heldUploadMemory);
        }
        try (Registry watching = builder.build();
             RegistryServer server = RegistryServer.builder(watching).address("127.0.0.1", 0).secret("conformance").build()) {
            server.start();
            steps.run(new ApiClient(server.uri()));
        }
        return List.copyOf(calls);
    }

    @Test
    void aLargeMonolithicUploadIsWrittenWhereItsBlobGoesOnAnObjectStoreWithAtomicCommits() throws Exception {
        String name = newRepository();
        byte[] put = bytes(600_000); // past the 128 KiB held in memory
        byte[] posted = bytes(300_000);
        Digest putDigest = Digest.sha256(put);
        Digest postedDigest = Digest.sha256(posted);
        // no memory held beyond the buffer, else an object store would hold these whole (up to a part)
        List<String> calls = callsWhile(0, other -> {
            String location = other.startUpload(name);
            assertThat(other.put(withDigest(location, putDigest), "application/octet-stream", put).statusCode()).isEqualTo(201);
            assertThat(other.post("/v2/" + name + "/blobs/uploads/?digest=" + postedDigest, posted).statusCode())
                    .isEqualTo(201);
        });
        if (driver.capabilities().atomicCommit() && !driver.capabilities().appendToCommitted()) {
            // an object store: one writer each, at the blob's own path; no upload data, no move
            assertThat(calls).containsExactly("writer " + Layout.blobData(putDigest), "writer " + Layout.blobData(postedDigest));
        } else {
            assertThat(calls).filteredOn(c -> c.startsWith("move ")).hasSize(2);
        }
        assertThat(client.get("/v2/" + name + "/blobs/" + putDigest).body()).isEqualTo(put);
        assertThat(client.get("/v2/" + name + "/blobs/" + postedDigest).body()).isEqualTo(posted);
    }

    @Test
    void aChunkedUploadSmallerThanAPartOpensNoWriterSessionOnAnObjectStore() throws Exception {
        String name = newRepository();
        byte[] content = bytes(600_000);
        Digest digest = Digest.sha256(content);
        List<String> writers = callsWhile(-1, other -> {
            String location = other.startUpload(name);
            HttpResponse<byte[]> patch = other.patch(location, content, "0-" + (content.length - 1));
            assertThat(patch.statusCode()).isEqualTo(202);
            assertThat(other.put(withDigest(other.location(patch), digest), "application/octet-stream", new byte[0])
                    .statusCode()).isEqualTo(201);
        }).stream().filter(call -> call.startsWith("writer ")).toList();
        boolean objectStore = !driver.capabilities().appendToCommitted();
        if (objectStore && driver.capabilities().minPartSize() > content.length) {
            // held whole: kept as one file after the PATCH, read back and put at the blob's path by the PUT
            assertThat(writers).isEmpty();
        } else {
            assertThat(writers).isNotEmpty(); // a writer session, continued by the PUT
        }
        assertThat(client.get("/v2/" + name + "/blobs/" + digest).body()).isEqualTo(content);
    }

    @Test
    void chunksInOrderAreAcceptedWithTheRangeSoFar() throws Exception {
        String name = newRepository();
        byte[] content = bytes(3000);
        String location = client.startUpload(name);
        HttpResponse<byte[]> first = client.patch(location, java.util.Arrays.copyOfRange(content, 0, 1000), "0-999");
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.headers().firstValue("Range")).hasValue("0-999");
        String next = client.location(first);
        HttpResponse<byte[]> status = client.get(next);
        assertThat(status.statusCode()).isEqualTo(204);
        assertThat(status.headers().firstValue("Range")).hasValue("0-999");
        HttpResponse<byte[]> second = client.patch(next, java.util.Arrays.copyOfRange(content, 1000, 3000), "1000-2999");
        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(second.headers().firstValue("Range")).hasValue("0-2999");
        Digest digest = Digest.sha256(content);
        HttpResponse<byte[]> put = client.put(withDigest(client.location(second), digest), "application/octet-stream", new byte[0]);
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(client.get("/v2/" + name + "/blobs/" + digest).body()).isEqualTo(content);
    }

    @Test
    void outOfOrderChunkIs416AndTheUploadGoesOn() throws Exception {
        String name = newRepository();
        byte[] content = bytes(300);
        String location = client.startUpload(name);
        location = client.location(client.patch(location, java.util.Arrays.copyOfRange(content, 0, 100), "0-99"));
        HttpResponse<byte[]> skipped = client.patch(location, java.util.Arrays.copyOfRange(content, 200, 300), "200-299");
        assertThat(skipped.statusCode()).isEqualTo(416);
        assertThat(skipped.headers().firstValue("Range")).hasValue("0-99");
        HttpResponse<byte[]> again = client.patch(location, java.util.Arrays.copyOfRange(content, 0, 100), "0-99");
        assertThat(again.statusCode()).as("a repeated chunk is out of order too").isEqualTo(416);
        HttpResponse<byte[]> rest = client.patch(location, java.util.Arrays.copyOfRange(content, 100, 300), "100-299");
        assertThat(rest.statusCode()).isEqualTo(202);
        Digest digest = Digest.sha256(content);
        assertThat(client.put(withDigest(client.location(rest), digest), "application/octet-stream", new byte[0])
                .statusCode()).isEqualTo(201);
        assertThat(client.get("/v2/" + name + "/blobs/" + digest).body()).isEqualTo(content);
    }

    @Test
    void aFirstChunkSentAgainWithThePostsLocationStartsTheUploadAfresh() throws Exception {
        // a client whose first PATCH got no answer sends it again to the Location the POST gave
        // (its token says the upload is empty): what that lost PATCH stored is replaced, not kept
        String name = newRepository();
        byte[] lost = bytes(100);
        byte[] content = bytes(300);
        String location = client.startUpload(name);
        assertThat(client.patch(location, lost, "0-99").statusCode()).isEqualTo(202);
        HttpResponse<byte[]> again = client.patch(location, content, "0-299");
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(again.headers().firstValue("Range")).hasValue("0-299");
        Digest digest = Digest.sha256(content);
        assertThat(client.put(withDigest(client.location(again), digest), "application/octet-stream", new byte[0])
                .statusCode()).isEqualTo(201);
        assertThat(client.get("/v2/" + name + "/blobs/" + digest).body()).isEqualTo(content);
    }

    @Test
    void streamedPatchWithoutContentRangeAppends() throws Exception {
        String name = newRepository();
        byte[] content = bytes(200_000);
        String location = client.startUpload(name);
        HttpResponse<byte[]> patch = client.send(client.request(location)
                .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(content))));
        assertThat(patch.statusCode()).isEqualTo(202);
        assertThat(patch.headers().firstValue("Range")).hasValue("0-199999");
        Digest digest = Digest.sha256(content);
        assertThat(client.put(withDigest(client.location(patch), digest), "application/octet-stream", new byte[0])
                .statusCode()).isEqualTo(201);
        assertThat(client.get("/v2/" + name + "/blobs/" + digest).body()).isEqualTo(content);
    }

    @Test
    void wrongDigestIs400DigestInvalidAndStoresNothing() throws Exception {
        String name = newRepository();
        byte[] content = bytes(100);
        Digest wrong = Digest.sha256(bytes(100));
        String location = client.startUpload(name);
        HttpResponse<byte[]> put = client.put(withDigest(location, wrong), "application/octet-stream", content);
        assertThat(put.statusCode()).isEqualTo(400);
        assertThat(errorCode(put)).isEqualTo("DIGEST_INVALID");
        assertThat(client.head("/v2/" + name + "/blobs/" + wrong).statusCode()).isEqualTo(404);
        assertThat(client.head("/v2/" + name + "/blobs/" + Digest.sha256(content)).statusCode()).isEqualTo(404);
    }

    @Test
    void putWithoutDigestIs400DigestInvalid() throws Exception {
        String location = client.startUpload(newRepository());
        HttpResponse<byte[]> put = client.put(location, "application/octet-stream", bytes(10));
        assertThat(put.statusCode()).isEqualTo(400);
        assertThat(errorCode(put)).isEqualTo("DIGEST_INVALID");
    }

    @Test
    void deletedUploadIsUnknown() throws Exception {
        String name = newRepository();
        String location = client.startUpload(name);
        assertThat(client.delete(location).statusCode()).isEqualTo(204);
        HttpResponse<byte[]> status = client.get(location);
        assertThat(status.statusCode()).isEqualTo(404);
        assertThat(errorCode(status)).isEqualTo("BLOB_UPLOAD_UNKNOWN");
    }

    @Test
    void aStatusGetWithThePostsLocationTellsWhatAFirstPatchStored() throws Exception {
        // a client whose first PATCH was answered without it hearing so asks with the only Location it has
        String name = newRepository();
        byte[] content = bytes(200_000);
        String location = client.startUpload(name);
        assertThat(client.patch(location, java.util.Arrays.copyOfRange(content, 0, 150_000), "0-149999").statusCode())
                .isEqualTo(202);
        assertThat(uploadsOf(name)).hasSize(1);
        HttpResponse<byte[]> status = client.get(location);
        assertThat(status.statusCode()).isEqualTo(204);
        assertThat(status.headers().firstValue("Range")).hasValue("0-149999");
        HttpResponse<byte[]> rest = client.put(withDigest(client.location(status), Digest.sha256(content)),
                "application/octet-stream", java.util.Arrays.copyOfRange(content, 150_000, 200_000));
        assertThat(rest.statusCode()).as(text(rest)).isEqualTo(201);
        assertThat(client.get("/v2/" + name + "/blobs/" + Digest.sha256(content)).body()).isEqualTo(content);
    }

    @Test
    void thePostsLocationOfAnUploadThatEndedIsUnknown() throws Exception {
        String name = newRepository();
        byte[] content = bytes(1000);
        Digest digest = Digest.sha256(content);
        String completed = client.startUpload(name);
        assertThat(client.put(withDigest(completed, digest), "application/octet-stream", content).statusCode()).isEqualTo(201);
        String cancelled = client.startUpload(name);
        assertThat(client.delete(cancelled).statusCode()).isEqualTo(204);
        for (String location : List.of(completed, cancelled)) {
            for (HttpResponse<byte[]> after : List.of(client.get(location), client.patch(location, bytes(10), "0-9"),
                    client.put(withDigest(location, digest), "application/octet-stream", content), client.delete(location))) {
                assertThat(after.statusCode()).as(after.request().method()).isEqualTo(404);
                assertThat(errorCode(after)).isEqualTo("BLOB_UPLOAD_UNKNOWN");
            }
        }
        assertThat(uploadsOf(name)).isEmpty();
    }

    @Test
    void aRefusalBeforeTheBodyArrivedClosesTheConnectionAndSaysSo() throws Exception {
        // the body is held back: the answer (an unknown upload) comes before it, and the client
        // must learn not to send its next request on this connection
        java.net.URI uri = server.uri();
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            String request = "PATCH /v2/" + newRepository() + "/blobs/uploads/6f1c4c1e-8a55-4c7d-9d61-3b8f52e1a003 HTTP/1.1\r\n"
                    + "Host: " + uri.getHost() + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 10\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(UTF_8));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), UTF_8); // ends: the server closed
            assertThat(answer).startsWith("HTTP/1.1 404").containsIgnoringCase("connection: close")
                    .contains("BLOB_UPLOAD_UNKNOWN");
        }
    }

    /** The upload folders of repository {@code name} in storage. */
    private List<String> uploadsOf(String name) throws java.io.IOException {
        try {
            return driver.list(Layout.uploads(RepositoryName.parse(name)));
        } catch (PathNotFoundException e) {
            return List.of();
        }
    }

    @Test
    void aCompletedUploadIsUnknownAtOnce() throws Exception {
        String name = newRepository();
        byte[] content = bytes(3000);
        Digest digest = Digest.sha256(content);
        String location = client.startUpload(name);
        HttpResponse<byte[]> chunk = client.patch(location, java.util.Arrays.copyOfRange(content, 0, 1000), "0-999");
        String next = client.location(chunk);
        assertThat(client.put(withDigest(next, digest), "application/octet-stream",
                java.util.Arrays.copyOfRange(content, 1000, 3000)).statusCode()).isEqualTo(201);
        for (HttpResponse<byte[]> after : List.of(client.get(next),
                client.patch(next, bytes(10), "3000-3009"),
                client.put(withDigest(next, digest), "application/octet-stream", new byte[0]))) {
            assertThat(after.statusCode()).as(after.request().method()).isEqualTo(404);
            assertThat(errorCode(after)).isEqualTo("BLOB_UPLOAD_UNKNOWN");
        }
        assertThat(client.get("/v2/" + name + "/blobs/" + digest).body()).isEqualTo(content);
    }

    @Test
    void anUploadMovesBetweenReplicasThatShareTheSecret() throws Exception {
        String name = newRepository();
        byte[] content = bytes(300_000);
        StorageDriver second = replicaDriver(driver);
        try (Registry replica = Registry.builder(second).options(RegistryOptions.defaults().withRedirect(false)).build();
             RegistryServer other = RegistryServer.builder(replica).address("127.0.0.1", 0).secret("conformance").build()) {
            other.start();
            ApiClient b = new ApiClient(other.uri());
            String onA = client.startUpload(name);
            String onB = onA.replace(server.uri().toString(), other.uri().toString());
            HttpResponse<byte[]> first = b.patch(onB, java.util.Arrays.copyOfRange(content, 0, 100_000), "0-99999");
            assertThat(first.statusCode()).as("replica B continues A's upload: %s", text(first)).isEqualTo(202);
            String backOnA = b.location(first).replace(other.uri().toString(), server.uri().toString());
            HttpResponse<byte[]> second2 = client.patch(backOnA, java.util.Arrays.copyOfRange(content, 100_000, 300_000),
                    "100000-299999");
            assertThat(second2.statusCode()).isEqualTo(202);
            Digest digest = Digest.sha256(content);
            String finish = client.location(second2).replace(server.uri().toString(), other.uri().toString());
            assertThat(b.put(withDigest(finish, digest), "application/octet-stream", new byte[0]).statusCode()).isEqualTo(201);
            assertThat(client.get("/v2/" + name + "/blobs/" + digest).body()).isEqualTo(content);
            assertThat(b.get("/v2/" + name + "/blobs/" + digest).body()).isEqualTo(content);
        } finally {
            if (second != driver) {
                second.close();
            }
        }
    }

    @Test
    void aReplicaWithAnotherSecretRefusesTheUploadState() throws Exception {
        String name = newRepository();
        try (Registry replica = Registry.builder(driver).build();
             RegistryServer other = RegistryServer.builder(replica).address("127.0.0.1", 0).secret("another").build()) {
            other.start();
            String onA = client.startUpload(name);
            HttpResponse<byte[]> r = new ApiClient(other.uri()).get(onA.replace(server.uri().toString(), other.uri().toString()));
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(errorCode(r)).isEqualTo("BLOB_UPLOAD_INVALID");
            assertThat(json(r).path("errors").path(0).path("message").asText()).contains("http.secret");
        }
    }

    @Test
    void tamperedUploadStateIs400BlobUploadInvalid() throws Exception {
        String location = client.startUpload(newRepository());
        String other = client.startUpload(newRepository());
        String foreignState = other.substring(other.indexOf("?_state="));
        HttpResponse<byte[]> r = client.get(location.substring(0, location.indexOf('?')) + foreignState);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(errorCode(r)).isEqualTo("BLOB_UPLOAD_INVALID");
    }

    @Test
    void crossRepositoryMountLinksTheBlob() throws Exception {
        String source = newRepository();
        String target = newRepository();
        byte[] content = bytes(500);
        Digest digest = client.pushBlob(source, content);
        HttpResponse<byte[]> r = client.post("/v2/" + target + "/blobs/uploads/?mount=" + digest + "&from=" + source, new byte[0]);
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(client.location(r)).endsWith("/v2/" + target + "/blobs/" + digest);
        assertThat(client.get("/v2/" + target + "/blobs/" + digest).body()).isEqualTo(content);
    }

    @Test
    void mountOfABlobTheSourceLacksStartsAnUpload() throws Exception {
        String source = newRepository();
        client.pushBlob(source, bytes(10));
        Digest absent = Digest.sha256(bytes(10));
        HttpResponse<byte[]> r = client.post("/v2/" + newRepository() + "/blobs/uploads/?mount=" + absent + "&from=" + source,
                new byte[0]);
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(client.location(r)).contains("/blobs/uploads/");
    }

    @Test
    void mountFromAnInvalidSourceStartsAnUploadInstead() throws Exception {
        Digest digest = client.pushBlob(newRepository(), bytes(10));
        HttpResponse<byte[]> r = client.post("/v2/" + newRepository() + "/blobs/uploads/?mount=" + digest + "&from=Not..Valid",
                new byte[0]);
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(client.location(r)).contains("/blobs/uploads/");
    }

    @Test
    void manifestPushAnswersLocationDigestAndSubject() throws Exception {
        String name = newRepository();
        String subject = image(name, OCI_MANIFEST, "");
        Digest subjectDigest = Digest.sha256(subject.getBytes(UTF_8));
        HttpResponse<byte[]> first = client.pushManifest(name, "v1", OCI_MANIFEST, subject);
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(first.headers().firstValue("Docker-Content-Digest")).hasValue(subjectDigest.toString());
        assertThat(client.location(first)).endsWith("/v2/" + name + "/manifests/" + subjectDigest);
        assertThat(first.headers().firstValue("OCI-Subject")).isEmpty();
        String referrer = image(name, OCI_MANIFEST, ",\"subject\":" + descriptor(OCI_MANIFEST, subjectDigest, subject.length()));
        Digest referrerDigest = Digest.sha256(referrer.getBytes(UTF_8));
        HttpResponse<byte[]> second = client.pushManifest(name, referrerDigest.toString(), OCI_MANIFEST, referrer);
        assertThat(second.statusCode()).isEqualTo(201);
        assertThat(second.headers().firstValue("OCI-Subject")).hasValue(subjectDigest.toString());
    }

    @Test
    void manifestWithMissingBlobsIs400NamingThem() throws Exception {
        String name = newRepository();
        Digest absent = Digest.sha256(bytes(3));
        Digest config = client.pushBlob(name, "{}".getBytes(UTF_8));
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":" + descriptor(CONFIG_TYPE, config, 2)
                + ",\"layers\":[" + descriptor(LAYER_TYPE, absent, 3) + "]}";
        HttpResponse<byte[]> r = client.pushManifest(name, "v1", OCI_MANIFEST, manifest);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(errorCode(r)).isEqualTo("MANIFEST_BLOB_UNKNOWN");
        assertThat(json(r).path("errors").path(0).path("detail").path("missing").path(0).asText()).isEqualTo(absent.toString());
        assertThat(client.get("/v2/" + name + "/manifests/v1").statusCode()).isEqualTo(404);
    }

    @Test
    void malformedManifestIs400ManifestInvalid() throws Exception {
        String name = newRepository();
        HttpResponse<byte[]> r = client.pushManifest(name, "v1", OCI_MANIFEST, "{\"schemaVersion\":2,");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(errorCode(r)).isEqualTo("MANIFEST_INVALID");
        assertThat(json(r).path("errors").path(0).path("message").asText()).contains("JSON");
    }

    @Test
    void manifestPushedUnderAnotherDigestIs400DigestInvalid() throws Exception {
        String name = newRepository();
        String manifest = image(name, OCI_MANIFEST, "");
        HttpResponse<byte[]> r = client.pushManifest(name, Digest.sha256(bytes(4)).toString(), OCI_MANIFEST, manifest);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(errorCode(r)).isEqualTo("DIGEST_INVALID");
    }

    @Test
    void manifestAboveTheLimitIs413() throws Exception {
        String name = newRepository();
        String padding = ",\"annotations\":{\"pad\":\"" + "x".repeat(70 * 1024) + "\"}";
        HttpResponse<byte[]> r = client.pushManifest(name, "big", OCI_MANIFEST, image(name, OCI_MANIFEST, padding));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(errorCode(r)).isEqualTo("SIZE_INVALID");
    }

    @Test
    void invalidTagIs400() throws Exception {
        String name = newRepository();
        HttpResponse<byte[]> r = client.pushManifest(name, "-bad", OCI_MANIFEST, image(name, OCI_MANIFEST, ""));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(errorCode(r)).isEqualTo("MANIFEST_INVALID");
    }

    // ---- content discovery ----

    @Test
    void tagsAreListedInOrderAndPagedWithALinkHeader() throws Exception {
        String name = newRepository();
        String manifest = image(name, OCI_MANIFEST, "");
        for (String tag : List.of("e", "b", "d", "a", "c")) {
            assertThat(client.pushManifest(name, tag, OCI_MANIFEST, manifest).statusCode()).isEqualTo(201);
        }
        HttpResponse<byte[]> all = client.get("/v2/" + name + "/tags/list");
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(json(all).path("name").asText()).isEqualTo(name);
        assertThat(strings(json(all).path("tags"))).containsExactly("a", "b", "c", "d", "e");
        HttpResponse<byte[]> page = client.get("/v2/" + name + "/tags/list?n=2");
        assertThat(strings(json(page).path("tags"))).containsExactly("a", "b");
        assertThat(page.headers().firstValue("Link")).hasValue("</v2/" + name + "/tags/list?last=b&n=2>; rel=\"next\"");
        HttpResponse<byte[]> next = client.get("/v2/" + name + "/tags/list?n=2&last=b");
        assertThat(strings(json(next).path("tags"))).containsExactly("c", "d");
        HttpResponse<byte[]> lastPage = client.get("/v2/" + name + "/tags/list?n=2&last=d");
        assertThat(strings(json(lastPage).path("tags"))).containsExactly("e");
        assertThat(lastPage.headers().firstValue("Link")).isEmpty();
    }

    @Test
    void invalidPageSizeIs400() throws Exception {
        HttpResponse<byte[]> r = client.get("/v2/" + newRepository() + "/tags/list?n=-1");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(errorCode(r)).isEqualTo("PAGINATION_NUMBER_INVALID");
    }

    @Test
    void tagsOfAnUnknownRepositoryAre404NameUnknown() throws Exception {
        HttpResponse<byte[]> r = client.get("/v2/" + newRepository() + "/tags/list");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(errorCode(r)).isEqualTo("NAME_UNKNOWN");
    }

    @Test
    void referrersAreListedAndFilteredByArtifactType() throws Exception {
        String name = newRepository();
        String subject = image(name, OCI_MANIFEST, "");
        Digest subjectDigest = Digest.sha256(subject.getBytes(UTF_8));
        client.pushManifest(name, "v1", OCI_MANIFEST, subject);
        String subjectField = ",\"subject\":" + descriptor(OCI_MANIFEST, subjectDigest, subject.length());
        List<Digest> referrers = new ArrayList<>();
        for (String type : List.of("application/vnd.example.sbom", "application/vnd.example.signature")) {
            String artifact = image(name, OCI_MANIFEST, ",\"artifactType\":\"" + type + "\"" + subjectField
                    + ",\"annotations\":{\"kind\":\"" + type + "\"}");
            Digest d = Digest.sha256(artifact.getBytes(UTF_8));
            assertThat(client.pushManifest(name, d.toString(), OCI_MANIFEST, artifact).statusCode()).isEqualTo(201);
            referrers.add(d);
        }
        HttpResponse<byte[]> all = client.get("/v2/" + name + "/referrers/" + subjectDigest);
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.headers().firstValue("Content-Type")).hasValue(OCI_INDEX);
        JsonNode index = json(all);
        assertThat(index.path("schemaVersion").asInt()).isEqualTo(2);
        assertThat(index.path("mediaType").asText()).isEqualTo(OCI_INDEX);
        List<String> digests = new ArrayList<>();
        index.path("manifests").forEach(m -> digests.add(m.path("digest").asText()));
        assertThat(digests).containsExactlyInAnyOrder(referrers.get(0).toString(), referrers.get(1).toString());
        assertThat(all.headers().firstValue("OCI-Filters-Applied")).isEmpty();
        HttpResponse<byte[]> filtered = client.get("/v2/" + name + "/referrers/" + subjectDigest
                + "?artifactType=application/vnd.example.sbom");
        assertThat(filtered.headers().firstValue("OCI-Filters-Applied")).hasValue("artifactType");
        JsonNode one = json(filtered).path("manifests");
        assertThat(one).hasSize(1);
        assertThat(one.path(0).path("digest").asText()).isEqualTo(referrers.get(0).toString());
        assertThat(one.path(0).path("artifactType").asText()).isEqualTo("application/vnd.example.sbom");
        assertThat(one.path(0).path("annotations").path("kind").asText()).isEqualTo("application/vnd.example.sbom");
    }

    @Test
    void referrersOfADigestNeverPushedAreAnEmptyIndex() throws Exception {
        String name = newRepository();
        client.pushBlob(name, bytes(10));
        HttpResponse<byte[]> r = client.get("/v2/" + name + "/referrers/" + Digest.sha256(bytes(10)));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("manifests").isArray()).isTrue();
        assertThat(json(r).path("manifests")).isEmpty();
    }

    @Test
    void catalogListsRepositoriesPageByPage() throws Exception {
        HttpResponse<byte[]> r = client.get("/v2/_catalog?n=1000");
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> before = strings(json(r).path("repositories"));
        String name = newRepository();
        client.pushBlob(name, bytes(10));
        List<String> after = strings(json(client.get("/v2/_catalog?n=1000")).path("repositories"));
        assertThat(after).contains(name).hasSize(before.size() + 1);
        HttpResponse<byte[]> first = client.get("/v2/_catalog?n=1");
        assertThat(strings(json(first).path("repositories"))).containsExactly(after.get(0));
        if (after.size() > 1) {
            assertThat(first.headers().firstValue("Link")).hasValue("</v2/_catalog?last=" + after.get(0)
                    .replace("/", "%2F") + "&n=1>; rel=\"next\"");
            HttpResponse<byte[]> second = client.get("/v2/_catalog?n=1&last=" + after.get(0));
            assertThat(strings(json(second).path("repositories"))).containsExactly(after.get(1));
        }
    }

    // ---- content management ----

    @Test
    void deletingATagLeavesTheManifest() throws Exception {
        String name = newRepository();
        String manifest = image(name, OCI_MANIFEST, "");
        Digest digest = Digest.sha256(manifest.getBytes(UTF_8));
        client.pushManifest(name, "v1", OCI_MANIFEST, manifest);
        assertThat(client.delete("/v2/" + name + "/manifests/v1").statusCode()).isEqualTo(202);
        assertThat(client.get("/v2/" + name + "/manifests/v1").statusCode()).isEqualTo(404);
        assertThat(client.get("/v2/" + name + "/manifests/" + digest).statusCode()).isEqualTo(200);
    }

    @Test
    void deletingAManifestRemovesItAndItsTags() throws Exception {
        String name = newRepository();
        String manifest = image(name, OCI_MANIFEST, "");
        Digest digest = Digest.sha256(manifest.getBytes(UTF_8));
        client.pushManifest(name, "v1", OCI_MANIFEST, manifest);
        assertThat(client.delete("/v2/" + name + "/manifests/" + digest).statusCode()).isEqualTo(202);
        assertThat(client.get("/v2/" + name + "/manifests/" + digest).statusCode()).isEqualTo(404);
        assertThat(client.get("/v2/" + name + "/manifests/v1").statusCode()).isEqualTo(404);
        assertThat(strings(json(client.get("/v2/" + name + "/tags/list")).path("tags"))).isEmpty();
    }

    @Test
    void deletedReferrerIsNoLongerListed() throws Exception {
        String name = newRepository();
        String subject = image(name, OCI_MANIFEST, "");
        Digest subjectDigest = Digest.sha256(subject.getBytes(UTF_8));
        client.pushManifest(name, "v1", OCI_MANIFEST, subject);
        String artifact = image(name, OCI_MANIFEST, ",\"subject\":" + descriptor(OCI_MANIFEST, subjectDigest, subject.length()));
        Digest artifactDigest = Digest.sha256(artifact.getBytes(UTF_8));
        client.pushManifest(name, artifactDigest.toString(), OCI_MANIFEST, artifact);
        assertThat(json(client.get("/v2/" + name + "/referrers/" + subjectDigest)).path("manifests")).hasSize(1);
        assertThat(client.delete("/v2/" + name + "/manifests/" + artifactDigest).statusCode()).isEqualTo(202);
        assertThat(json(client.get("/v2/" + name + "/referrers/" + subjectDigest)).path("manifests")).isEmpty();
    }

    @Test
    void deletingABlobRemovesItFromTheRepository() throws Exception {
        String name = newRepository();
        Digest digest = client.pushBlob(name, bytes(100));
        assertThat(client.delete("/v2/" + name + "/blobs/" + digest).statusCode()).isEqualTo(202);
        assertThat(client.get("/v2/" + name + "/blobs/" + digest).statusCode()).isEqualTo(404);
        assertThat(client.delete("/v2/" + name + "/blobs/" + digest).statusCode()).isEqualTo(404);
    }

    @Test
    void deletesSwitchedOffAre405Unsupported() throws Exception {
        String name = newRepository();
        String manifest = image(name, OCI_MANIFEST, "");
        Digest digest = Digest.sha256(manifest.getBytes(UTF_8));
        client.pushManifest(name, "v1", OCI_MANIFEST, manifest);
        Digest blob = client.pushBlob(name, bytes(10));
        try (Registry readOnlyDeletes = Registry.builder(driver).build();
             RegistryServer noDeletes = RegistryServer.builder(readOnlyDeletes).address("127.0.0.1", 0).build()) {
            noDeletes.start();
            ApiClient other = new ApiClient(noDeletes.uri());
            for (String path : List.of("/manifests/" + digest, "/manifests/v1", "/blobs/" + blob)) {
                HttpResponse<byte[]> r = other.delete("/v2/" + name + path);
                assertThat(r.statusCode()).as(path).isEqualTo(405);
                assertThat(errorCode(r)).isEqualTo("UNSUPPORTED");
            }
        }
        assertThat(client.get("/v2/" + name + "/manifests/v1").statusCode()).isEqualTo(200);
        assertThat(client.get("/v2/" + name + "/blobs/" + blob).statusCode()).isEqualTo(200);
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
