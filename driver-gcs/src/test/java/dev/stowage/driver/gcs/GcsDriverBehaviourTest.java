package dev.stowage.driver.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.driver.InvalidOffsetException;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.RedirectRequest;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.WalkAction;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class GcsDriverBehaviourTest {

    private final LocalGcs gcs = new LocalGcs();

    @Test
    void walkIsInFlatKeyOrderEvenThoughTheFakeListsUnsorted() throws Exception {
        StorageDriver driver = gcs.driver(Map.of("rootdirectory", "/root/"));
        TreeSet<String> files = new TreeSet<>();
        for (int i = 0; i < 60; i++) {
            files.add("/d" + (i % 7) + "/s" + (i % 3) + "/f" + i);
            files.add("/d" + (i % 7) + "-x" + i);
        }
        for (String f : files) {
            driver.putContent(f, f.getBytes(StandardCharsets.UTF_8));
        }
        List<String> rawOrder = new ArrayList<>();
        gcs.storage().list(LocalGcs.BUCKET).iterateAll().forEach(b -> rawOrder.add(b.getName()));
        assertThat(rawOrder).as("the fake lists unsorted, so this test can tell").isNotEqualTo(rawOrder.stream().sorted().toList());
        List<String> walked = new ArrayList<>();
        driver.walk("/", e -> {
            walked.add(e.isDirectory() ? e.path() + "/" : e.path());
            return WalkAction.CONTINUE;
        });
        assertThat(walked).isSorted().containsAll(files.stream().toList());
        List<String> below = new ArrayList<>();
        driver.walk("/d3", e -> {
            below.add(e.path());
            return e.path().equals("/d3/s1") ? WalkAction.SKIP_SUBTREE : WalkAction.CONTINUE;
        });
        assertThat(below).contains("/d3/s0", "/d3/s1", "/d3/s2").noneMatch(p -> p.startsWith("/d3/s1/"))
                .allMatch(p -> p.startsWith("/d3/"));
        assertThat(driver.list("/")).isSorted().contains("/d0", "/d0-x0", "/d6");
    }

    @Test
    void rootDirectoryKeepsEverythingUnderItsPrefix() throws Exception {
        StorageDriver driver = gcs.driver(Map.of("rootdirectory", "/a/b/"));
        driver.putContent("/x/y", new byte[] {1});
        assertThat(gcs.storage().get(LocalGcs.BUCKET, "a/b/x/y")).isNotNull();
        gcs.storage().create(com.google.cloud.storage.BlobInfo.newBuilder(LocalGcs.BUCKET, "a/bc/outside").build(), new byte[] {2});
        assertThat(driver.list("/")).containsExactly("/x");
    }

    @Test
    void readerHonoursOffsetsAndMissingFiles() throws Exception {
        StorageDriver driver = gcs.driver(Map.of());
        driver.putContent("/f", "hello".getBytes(StandardCharsets.UTF_8));
        try (InputStream in = driver.reader("/f", 2)) {
            assertThat(in.readAllBytes()).isEqualTo("llo".getBytes(StandardCharsets.UTF_8));
        }
        try (InputStream in = driver.reader("/f", 5)) {
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThatThrownBy(() -> driver.reader("/f", 6)).isInstanceOf(InvalidOffsetException.class);
        assertThatThrownBy(() -> driver.reader("/nope", 0)).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.getContent("/nope")).isInstanceOf(PathNotFoundException.class);
    }

    @Test
    void moveReplacesTheDestinationAndAMissingSourceLeavesItUntouched() throws Exception {
        StorageDriver driver = gcs.driver(Map.of());
        driver.putContent("/src", new byte[] {1});
        driver.putContent("/dst", new byte[] {2});
        driver.move("/src", "/dst");
        assertThat(driver.getContent("/dst")).containsExactly(1);
        assertThatThrownBy(() -> driver.stat("/src")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.move("/src", "/dst")).isInstanceOf(PathNotFoundException.class);
        assertThat(driver.getContent("/dst")).containsExactly(1);
        driver.move("/dst", "/dst");
        assertThat(driver.getContent("/dst")).containsExactly(1);
    }

    @Test
    void deleteOfAManyFileTreeRemovesEveryFileAndNeverASiblingWithTheSamePrefix() throws Exception {
        StorageDriver driver = gcs.driver(Map.of("maxconcurrency", 4L));
        for (int i = 0; i < 120; i++) {
            driver.putContent("/t/" + (i % 5) + "/f" + i, new byte[] {(byte) i});
        }
        driver.putContent("/tt", new byte[] {1});
        driver.putContent("/t-1/f", new byte[] {1});
        driver.delete("/t");
        assertThat(driver.list("/")).containsExactly("/t-1", "/tt");
        assertThatThrownBy(() -> driver.delete("/t")).isInstanceOf(PathNotFoundException.class);
    }

    @Test
    void redirectIsAV4SignedUrlWhenTheCredentialsCanSign() throws Exception {
        StorageDriver driver = LocalGcs.driver(gcs.storage().getOptions().toBuilder()
                .setCredentials(TestCredentials.signing()).build().getService(), Map.of("rootdirectory", "r", "redirectmaxexpiry", "1h"));
        assertThat(driver.capabilities().redirect()).isTrue();
        driver.putContent("/blob", new byte[] {1});
        Optional<URI> url = driver.redirectUrl("/blob", RedirectRequest.get(Duration.ofMinutes(20)));
        assertThat(url).isPresent();
        String text = url.get().toString();
        assertThat(url.get().getPath()).endsWith("/" + LocalGcs.BUCKET + "/r/blob");
        assertThat(text).contains("X-Goog-Algorithm=GOOG4-RSA-SHA256", "X-Goog-Expires=1200", "X-Goog-Signature=");
        // longer than the configured limit: cut to it
        assertThat(driver.redirectUrl("/blob", RedirectRequest.get(Duration.ofHours(2))).orElseThrow().toString())
                .contains("X-Goog-Expires=3600");
    }

    @Test
    void noRedirectWhenTheCredentialsCannotSign() throws Exception {
        StorageDriver driver = gcs.driver(Map.of());
        assertThat(driver.capabilities().redirect()).isFalse();
        driver.putContent("/blob", new byte[] {1});
        assertThat(driver.redirectUrl("/blob", RedirectRequest.head(Duration.ofMinutes(5)))).isEmpty();
    }
}
