package dev.stowage.driver.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.driver.FileInfo;
import dev.stowage.driver.FileWriter;
import dev.stowage.driver.InvalidOffsetException;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.UnsupportedMethodException;
import dev.stowage.driver.WalkAction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The driver's basic operations against S3Mock, and the keys it leaves in the bucket; the same
 * cases run on S3Proxy in {@link S3ProxyDriverBehaviourTest}.
 */
class S3DriverBehaviourTest {

    /** The server the cases run on. */
    S3TestServer server() {
        return S3TestServer.S3MOCK;
    }

    private Map<String, Object> parameters;
    private StorageDriver driver;
    private S3Client raw;
    private String root;

    @BeforeEach
    void setUp() throws IOException {
        parameters = server().parameters();
        parameters.put("chunksize", "5MiB");
        root = ((String) parameters.get("rootdirectory")).substring(1);
        driver = server().driver(parameters);
        raw = server().rawClient();
    }

    @AfterEach
    void tearDown() throws IOException {
        driver.close();
        raw.close();
    }

    private List<String> keysInBucket() {
        List<String> keys = new ArrayList<>();
        for (S3Object o : raw.listObjectsV2Paginator(r -> r.bucket(S3MockServer.BUCKET).prefix(root + "/")).contents()) {
            keys.add(o.key());
        }
        return keys;
    }

    @Test
    void walkFollowsTheListingPageAfterPageInOrderAndStopsWhereTheVisitorSays() throws Exception {
        int count = S3Driver.BATCH + 7; // more keys than one ListObjectsV2 page holds
        List<String> files = IntStream.range(0, count).mapToObj(i -> String.format("/p/f%05d", i)).toList();
        files.parallelStream().forEach(f -> raw.putObject(r -> r.bucket(S3MockServer.BUCKET).key(root + f),
                RequestBody.fromBytes(new byte[] {1})));
        List<String> walked = new ArrayList<>();
        driver.walk("/p", e -> {
            walked.add(e.path());
            return WalkAction.CONTINUE;
        });
        assertThat(walked).isEqualTo(files);

        List<String> stopped = new ArrayList<>();
        driver.walk("/", e -> {
            stopped.add(e.path());
            return e.path().equals(files.get(1)) ? WalkAction.STOP : WalkAction.CONTINUE;
        });
        assertThat(stopped).containsExactly("/p", files.get(0), files.get(1));
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void putContentStoresUnderTheGoKeyLayoutAndReadsBack() throws IOException {
        driver.putContent("/a/b/c.txt", "hello".getBytes(StandardCharsets.UTF_8));
        assertThat(keysInBucket()).containsExactly(root + "/a/b/c.txt");
        assertThat(driver.getContent("/a/b/c.txt")).asString(StandardCharsets.UTF_8).isEqualTo("hello");
        FileInfo info = driver.stat("/a/b/c.txt");
        assertThat(info.size()).isEqualTo(5);
        assertThat(info.isDirectory()).isFalse();
        assertThat(driver.stat("/a/b").isDirectory()).isTrue();
        assertThat(driver.list("/a")).containsExactly("/a/b");
        assertThatThrownBy(() -> driver.getContent("/a/b")).isInstanceOf(PathNotFoundException.class)
                .hasMessageContaining("/a/b").hasMessageContaining("s3");
    }

    @Test
    void readerHonoursOffsetsWithoutFailingAtTheEnd() throws IOException {
        driver.putContent("/f", "0123456789".getBytes(StandardCharsets.UTF_8));
        try (InputStream in = driver.reader("/f", 3)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("3456789");
        }
        try (InputStream in = driver.reader("/f", 10)) {
            assertThat(in.readAllBytes()).isEmpty();
        }
        assertThatThrownBy(() -> driver.reader("/f", 11)).isInstanceOfSatisfying(InvalidOffsetException.class,
                e -> assertThat(e.offset()).isEqualTo(11)).hasMessageContaining("size 10");
        assertThatThrownBy(() -> driver.reader("/missing", 0)).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.reader("/missing", 5)).isInstanceOf(PathNotFoundException.class);
        driver.putContent("/empty", new byte[0]);
        try (InputStream in = driver.reader("/empty", 0)) {
            assertThat(in.readAllBytes()).isEmpty();
        }
        assertThatThrownBy(() -> driver.reader("/empty", 1)).isInstanceOf(InvalidOffsetException.class);
    }

    @Test
    void listAndWalkShowNeitherHiddenTailsNorKeysSharingThePrefix() throws IOException {
        driver.putContent("/a/x", new byte[] {1});
        driver.putContent("/ab", new byte[] {2});
        driver.putContent("/a-b/y", new byte[] {3});
        FileWriter pending = driver.writer("/a/pending", false);
        pending.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        pending.close();
        assertThat(keysInBucket()).anyMatch(k -> k.contains(KeyLayout.HIDDEN_FOLDER));

        assertThat(driver.list("/")).containsExactly("/a", "/a-b", "/ab");
        List<String> walked = new ArrayList<>();
        driver.walk("/", e -> {
            walked.add(e.path() + (e.isDirectory() ? "/" : ""));
            return WalkAction.CONTINUE;
        });
        assertThat(walked).containsExactly("/a-b/", "/a-b/y", "/a/", "/a/x", "/ab");

        driver.delete("/a");
        assertThat(driver.list("/")).containsExactly("/a-b", "/ab");
        assertThat(keysInBucket()).containsExactly(root + "/a-b/y", root + "/ab");
        assertThatThrownBy(() -> driver.writer("/a/pending", true)).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.delete("/a")).isInstanceOf(PathNotFoundException.class);
    }

    @Test
    void writerCommitsMultipleParts() throws IOException {
        byte[] data = random(12 * 1024 * 1024 + 17, 1);
        try (FileWriter w = driver.writer("/big", false)) {
            for (int i = 0; i < data.length; i += 1_000_003) {
                w.write(ByteBuffer.wrap(data, i, Math.min(1_000_003, data.length - i)));
            }
            assertThat(w.size()).isEqualTo(data.length);
            w.commit();
        }
        assertThat(driver.getContent("/big")).isEqualTo(data);
        assertThat(keysInBucket()).containsExactly(root + "/big");
        try (InputStream in = driver.reader("/big", 6 * 1024 * 1024)) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(data, 6 * 1024 * 1024, data.length));
        }
    }

    @Test
    void zeroByteCommitGivesAnEmptyObjectThatAcceptsAppend() throws IOException {
        FileWriter w = driver.writer("/zero", false);
        w.commit();
        assertThat(driver.stat("/zero").size()).isZero();
        FileWriter more = driver.writer("/zero", true);
        more.write(ByteBuffer.wrap(new byte[] {7}));
        more.commit();
        assertThat(driver.getContent("/zero")).containsExactly(7);
        assertThatThrownBy(() -> driver.writer("/zero", true)).isInstanceOf(UnsupportedMethodException.class);
        assertThatThrownBy(() -> driver.writer("/none", true)).isInstanceOf(PathNotFoundException.class);
    }

    @Test
    void cancelAbortsTheUploadAndRemovesTheTail() throws IOException {
        FileWriter w = driver.writer("/c", false);
        w.write(ByteBuffer.wrap(random(6 * 1024 * 1024, 2)));
        w.close();
        FileWriter again = driver.writer("/c", true);
        assertThat(again.size()).isEqualTo(6 * 1024 * 1024);
        again.cancel();
        assertThat(keysInBucket()).isEmpty();
        assertThat(raw.listMultipartUploads(r -> r.bucket(S3MockServer.BUCKET).prefix(root + "/")).uploads()).isEmpty();
        assertThatThrownBy(() -> driver.writer("/c", true)).isInstanceOf(PathNotFoundException.class);
    }

    @Test
    void moveReplacesTheDestinationAndRemovesTheSource() throws IOException {
        driver.putContent("/src", "new".getBytes(StandardCharsets.UTF_8));
        driver.putContent("/dst", "old".getBytes(StandardCharsets.UTF_8));
        driver.move("/src", "/dst");
        assertThat(driver.getContent("/dst")).asString(StandardCharsets.UTF_8).isEqualTo("new");
        assertThatThrownBy(() -> driver.stat("/src")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.move("/src", "/dst")).isInstanceOf(PathNotFoundException.class)
                .hasMessageContaining("/src");
        assertThat(driver.getContent("/dst")).asString(StandardCharsets.UTF_8).isEqualTo("new");
    }
}
