package dev.stowage.driver.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.driver.InvalidParameterException;
import dev.stowage.driver.RedirectRequest;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.s3.S3Client;

/** Server-side moves, presigned redirects fetched over plain HTTP, and parameter checking. */
class S3MoveRedirectAndParametersTest {

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void moveAboveTheThresholdCopiesInParallelPartsAndBelowItInOneCopy() throws IOException {
        Map<String, Object> p = S3MockServer.parameters();
        p.put("multipartcopythresholdsize", "5MiB");
        p.put("multipartcopychunksize", "5MiB");
        p.put("multipartcopymaxconcurrency", 3);
        String root = ((String) p.get("rootdirectory")).substring(1);
        byte[] big = random(17 * 1024 * 1024 + 5, 3); // 4 parts: 5+5+5+2 MiB and 5 bytes
        byte[] small = random(5 * 1024 * 1024, 4); // at the threshold: one CopyObject
        try (StorageDriver driver = S3MockServer.driver(p); S3Client raw = S3MockServer.rawClient()) {
            driver.putContent("/in/big", big);
            driver.putContent("/in/small", small);
            driver.move("/in/big", "/out/big");
            driver.move("/in/small", "/out/small");

            assertThat(driver.getContent("/out/big")).isEqualTo(big);
            assertThat(driver.getContent("/out/small")).isEqualTo(small);
            assertThat(driver.list("/")).containsExactly("/out");
            // a multipart object's ETag ends in -<number of parts>
            assertThat(raw.headObject(r -> r.bucket(S3MockServer.BUCKET).key(root + "/out/big")).eTag()).endsWith("-4\"");
            assertThat(raw.headObject(r -> r.bucket(S3MockServer.BUCKET).key(root + "/out/small")).eTag()).doesNotContain("-");
            assertThat(raw.listMultipartUploads(r -> r.bucket(S3MockServer.BUCKET).prefix(root + "/")).uploads()).isEmpty();
        }
    }

    @Test
    void storageClassAndEncryptionReachEveryObjectTheDriverMakes() throws IOException {
        Map<String, Object> p = S3MockServer.parameters();
        p.put("storageclass", "STANDARD_IA");
        p.put("encrypt", true);
        p.put("chunksize", "5MiB");
        String root = ((String) p.get("rootdirectory")).substring(1);
        try (StorageDriver driver = S3MockServer.driver(p); S3Client raw = S3MockServer.rawClient()) {
            driver.putContent("/put", random(100, 5)); // PutObject
            try (dev.stowage.driver.FileWriter w = driver.writer("/multipart", false)) { // CreateMultipartUpload
                w.write(java.nio.ByteBuffer.wrap(random(6 * 1024 * 1024, 6)));
                w.commit();
            }
            driver.putContent("/to-move", random(100, 7));
            driver.move("/to-move", "/moved"); // CopyObject
            for (String key : new String[] {"/put", "/multipart", "/moved"}) {
                var head = raw.headObject(r -> r.bucket(S3MockServer.BUCKET).key(root + key));
                assertThat(head.storageClassAsString()).as(key).isEqualTo("STANDARD_IA");
                if (!key.equals("/multipart")) {
                    assertThat(head.serverSideEncryptionAsString()).as(key).isEqualTo("AES256");
                }
            }
            // S3Mock 5.2.0 does not keep the encryption of a multipart upload on the completed
            // object; the driver's object must look exactly like one the bare SDK makes with it
            String bareKey = root + "/bare-multipart";
            String uploadId = raw.createMultipartUpload(r -> r.bucket(S3MockServer.BUCKET).key(bareKey)
                    .storageClass("STANDARD_IA").serverSideEncryption("AES256")).uploadId();
            String etag = raw.uploadPart(r -> r.bucket(S3MockServer.BUCKET).key(bareKey).uploadId(uploadId).partNumber(1),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(random(100, 8))).eTag();
            raw.completeMultipartUpload(r -> r.bucket(S3MockServer.BUCKET).key(bareKey).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(part -> part.partNumber(1).eTag(etag))));
            var bare = raw.headObject(r -> r.bucket(S3MockServer.BUCKET).key(bareKey));
            var ours = raw.headObject(r -> r.bucket(S3MockServer.BUCKET).key(root + "/multipart"));
            assertThat(ours.serverSideEncryptionAsString()).isEqualTo(bare.serverSideEncryptionAsString());
            assertThat(ours.storageClassAsString()).isEqualTo(bare.storageClassAsString());
            raw.deleteObject(r -> r.bucket(S3MockServer.BUCKET).key(bareKey));
            driver.delete("/put");
            driver.delete("/multipart");
            driver.delete("/moved");
        }
    }

    @Test
    void presignedRedirectServesTheBytesToAPlainHttpClient() throws Exception {
        byte[] content = random(100_000, 5);
        try (StorageDriver driver = S3MockServer.driver(S3MockServer.parameters())) {
            driver.putContent("/blobs/data", content);
            assertThat(driver.capabilities().redirect()).isTrue();
            URI get = driver.redirectUrl("/blobs/data", RedirectRequest.get(Duration.ofMinutes(20))).orElseThrow();
            URI head = driver.redirectUrl("/blobs/data", RedirectRequest.head(Duration.ofMinutes(20))).orElseThrow();
            assertThat(get.getQuery()).contains("X-Amz-Expires=1200").contains("X-Amz-Signature=");

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(get).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(got.body()).isEqualTo(content);
            HttpResponse<Void> headed = http.send(HttpRequest.newBuilder(head).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(headed.statusCode()).isEqualTo(200);
            assertThat(headed.headers().firstValueAsLong("Content-Length")).hasValue(content.length);
        }
    }

    @Test
    void redirectExpiryIsCutToTheConfiguredMaximum() throws IOException {
        Map<String, Object> p = S3MockServer.parameters();
        p.put("redirectmaxexpiry", "10m");
        try (StorageDriver driver = S3MockServer.driver(p)) {
            URI get = driver.redirectUrl("/x", RedirectRequest.get(Duration.ofHours(2))).orElseThrow();
            assertThat(get.getQuery()).contains("X-Amz-Expires=600");
        }
    }

    @Test
    void factoryIsRegisteredAsS3WithEveryParameterDescribed() {
        var factory = StorageDrivers.available().stream().filter(f -> f.name().equals("s3")).findFirst().orElseThrow();
        assertThat(factory).isInstanceOf(S3DriverFactory.class);
        assertThat(factory.parameters()).extracting(spec -> spec.name()).contains("region", "bucket", "rootdirectory",
                "regionendpoint", "forcepathstyle", "accesskey", "secretkey", "sessiontoken", "encrypt", "keyid", "secure",
                "skipverify", "chunksize", "multipartcopychunksize", "multipartcopymaxconcurrency",
                "multipartcopythresholdsize", "storageclass", "objectacl");
        assertThat(factory.parameters()).allSatisfy(spec -> assertThat(spec.description()).isNotBlank());
        assertThat(factory.parameters()).filteredOn(spec -> spec.name().equals("chunksize")).singleElement()
                .satisfies(spec -> assertThat(spec.defaultValue()).isEqualTo(10L * 1024 * 1024));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "chunksize|4MiB|between 5242880",
            "chunksize|3GiB|between 5242880",
            "multipartcopychunksize|1MiB|between 5242880",
            "multipartcopymaxconcurrency|0|between 1",
            "multipartcopythresholdsize|6GiB|between 0",
            "rootdirectory|/a b|rootdirectory",
            "rootdirectory|/a/../b|rootdirectory",
            "storageclass|CHEAP|CHEAP",
            "objectacl|everyone|everyone",
            "v4auth|false|signature version 4",
            "regionendpoint|ftp://host|not a usable URL",
            "redirectmaxexpiry|169h|7 days",
            "loglevel|verbose|verbose",
            "sockettimeout|0s|positive",
            "keyid|abc|encrypt",
    })
    void invalidParametersAreRejectedNamingTheKey(String key, String value, String message) {
        Map<String, Object> p = S3MockServer.parameters();
        p.put(key, value);
        assertThatThrownBy(() -> StorageDrivers.create("s3", p))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.parameter()).isEqualTo(key))
                .hasMessageContaining(message);
    }

    @Test
    void missingBucketUnknownKeyAndHalfCredentialsAreRejected() {
        Map<String, Object> noBucket = S3MockServer.parameters();
        noBucket.remove("bucket");
        assertThatThrownBy(() -> StorageDrivers.create("s3", noBucket)).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("bucket");
        Map<String, Object> unknown = S3MockServer.parameters();
        unknown.put("chunk_size", "10MiB");
        assertThatThrownBy(() -> StorageDrivers.create("s3", unknown)).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("chunk_size");
        Map<String, Object> half = S3MockServer.parameters();
        half.remove("secretkey");
        assertThatThrownBy(() -> StorageDrivers.create("s3", half)).isInstanceOfSatisfying(InvalidParameterException.class,
                e -> assertThat(e.parameter()).isEqualTo("secretkey"));
    }

    @Test
    void rootDirectorySlashesAreTrimmedAsInTheGoDriver() throws IOException {
        Map<String, Object> p = S3MockServer.parameters();
        String root = ((String) p.get("rootdirectory")).substring(1);
        p.put("rootdirectory", "//" + root + "/nested/");
        try (StorageDriver driver = S3MockServer.driver(p); S3Client raw = S3MockServer.rawClient()) {
            driver.putContent("/k", new byte[] {1});
            assertThat(raw.headObject(r -> r.bucket(S3MockServer.BUCKET).key(root + "/nested/k")).contentLength()).isEqualTo(1);
            driver.delete("/k");
        }
    }
}
