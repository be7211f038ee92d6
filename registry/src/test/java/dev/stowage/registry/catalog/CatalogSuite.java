package dev.stowage.registry.catalog;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.driver.ForwardingStorageDriver;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.WalkAction;
import dev.stowage.driver.WalkVisitor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.Registry;
import dev.stowage.registry.RepositoryName;
import dev.stowage.registry.layout.Layout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The catalog's contract, run against each driver by a subclass. */
abstract class CatalogSuite {

    /** Names in the Go registry's component-wise order. */
    static final List<String> ORDERED = List.of("a", "a/b", "a/b/c", "a-b", "a.b", "a_b", "ab", "b", "b/0", "b0");

    private static final Digest LAYER = Digest.sha256("layer".getBytes(US_ASCII));

    protected StorageDriver driver;

    protected abstract StorageDriver newDriver() throws Exception;

    @BeforeEach
    void open() throws Exception {
        driver = newDriver();
    }

    @AfterEach
    void closeDriver() throws Exception {
        driver.close();
    }

    private Catalog catalog() {
        return new Catalog(driver);
    }

    private void repository(String name) throws IOException {
        RepositoryName repository = new RepositoryName(name);
        driver.putContent(Layout.layerLink(repository, LAYER), LAYER.toString().getBytes(US_ASCII));
    }

    private void repositories(List<String> names) throws IOException {
        List<String> shuffled = new ArrayList<>(names);
        Collections.shuffle(shuffled, new java.util.Random(7));
        for (String name : shuffled) {
            repository(name);
        }
    }

    private static List<String> values(List<RepositoryName> names) {
        return names.stream().map(RepositoryName::value).toList();
    }

    private static Optional<RepositoryName> after(String name) {
        return Optional.of(new RepositoryName(name));
    }

    @Test
    void anEmptyStoreListsNothing() throws Exception {
        Catalog.Page page = catalog().page(Optional.empty(), 100);
        assertThat(page.repositories()).isEmpty();
        assertThat(page.more()).isFalse();
    }

    @Test
    void repositoriesComeInComponentWiseOrderWhereSlashSortsFirst() throws Exception {
        repositories(ORDERED);
        assertThat(values(catalog().repositories(Optional.empty(), 100))).containsExactlyElementsOf(ORDERED);
    }

    @Test
    void everyPageSizeListsEveryRepositoryOnceAndSaysExactlyWhetherMoreFollow() throws Exception {
        repositories(ORDERED);
        for (int n = 1; n <= ORDERED.size() + 1; n++) {
            List<String> seen = new ArrayList<>();
            Optional<RepositoryName> last = Optional.empty();
            while (true) {
                Catalog.Page page = catalog().page(last, n);
                assertThat(page.repositories().size()).as("n=%d after %s", n, last).isLessThanOrEqualTo(n);
                seen.addAll(values(page.repositories()));
                assertThat(page.more()).as("n=%d after %s", n, last).isEqualTo(seen.size() < ORDERED.size());
                if (!page.more()) {
                    break;
                }
                last = page.last();
            }
            assertThat(seen).as("n=%d", n).containsExactlyElementsOf(ORDERED);
        }
    }

    @Test
    void lastIsExclusiveAndNeedNotBeARepository() throws Exception {
        repositories(ORDERED);
        assertThat(values(catalog().repositories(after("a/b"), 2))).containsExactly("a/b/c", "a-b");
        assertThat(values(catalog().repositories(after("a/a"), 2))).containsExactly("a/b", "a/b/c");
        assertThat(values(catalog().repositories(after("a/b/c/d"), 1))).containsExactly("a-b");
        assertThat(values(catalog().repositories(after("a0"), 1))).containsExactly("a_b");
        assertThat(catalog().page(after("b0"), 5)).isEqualTo(new Catalog.Page(List.of(), false));
        assertThat(catalog().page(after("zzz"), 5).repositories()).isEmpty();
    }

    @Test
    void aFolderWithOnlyManifestsOrUploadsIsNotARepositoryButMayHoldOne() throws Exception {
        RepositoryName manifestsOnly = new RepositoryName("m");
        driver.putContent(Layout.repository(manifestsOnly) + "/_manifests/revisions/sha256/" + LAYER.hex() + "/link",
                LAYER.toString().getBytes(US_ASCII));
        RepositoryName uploadsOnly = new RepositoryName("u");
        driver.putContent(Layout.uploadStartedAt(uploadsOnly, "5f1a4d0e-58a7-4c39-9d0b-7c2a9a3c0f11"),
                "2024-01-01T00:00:00Z".getBytes(US_ASCII));
        repository("m/x");
        repository("u/x");
        assertThat(values(catalog().repositories(Optional.empty(), 10))).containsExactly("m/x", "u/x");
    }

    @Test
    void nothingBelowAnUnderscoreFolderIsARepository() throws Exception {
        repository("a");
        driver.putContent(Layout.uploads(new RepositoryName("a")) + "/x/_layers/sha256/" + LAYER.hex() + "/link", new byte[1]);
        driver.putContent(Layout.repository(new RepositoryName("a")) + "/_manifests/y/_layers/link", new byte[1]);
        driver.putContent(Layout.layers(new RepositoryName("a")) + "/z/_layers/link", new byte[1]);
        assertThat(values(catalog().repositories(Optional.empty(), 10))).containsExactly("a");
    }

    @Test
    void aFolderWhosePathIsNotARepositoryNameIsLeftOut() throws Exception {
        repository("ok");
        driver.putContent(Layout.REPOSITORIES + "/Upper/_layers/link", new byte[1]);
        driver.putContent(Layout.REPOSITORIES + "/ok/-dash/_layers/link", new byte[1]);
        assertThat(values(catalog().repositories(Optional.empty(), 10))).containsExactly("ok");
    }

    @Test
    void aZeroPageIsEmptyAndPromisesNothingAsTheGoRegistryAnswersNZero() throws Exception {
        repositories(ORDERED);
        assertThat(catalog().page(Optional.empty(), 0)).isEqualTo(new Catalog.Page(List.of(), false));
        assertThatThrownBy(() -> catalog().page(Optional.empty(), -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theWalkNeverEntersLayersManifestsOrUploads() throws Exception {
        repositories(ORDERED);
        RepositoryName a = new RepositoryName("a");
        driver.putContent(Layout.uploadStartedAt(a, "5f1a4d0e-58a7-4c39-9d0b-7c2a9a3c0f11"), new byte[1]);
        driver.putContent(Layout.repository(a) + "/_manifests/revisions/sha256/" + LAYER.hex() + "/link", new byte[1]);
        List<String> visited = new ArrayList<>();
        StorageDriver recording = new ForwardingStorageDriver(driver) {
            @Override
            public void walk(String path, WalkVisitor visitor) throws IOException {
                super.walk(path, entry -> {
                    visited.add(entry.path());
                    return visitor.visit(entry);
                });
            }
        };
        assertThat(values(new Catalog(recording).repositories(Optional.empty(), 100))).containsExactlyElementsOf(ORDERED);
        assertThat(visited).isNotEmpty().noneMatch(p -> p.matches(".*/_(layers|manifests|uploads)/.*"));
    }

    @Test
    void aPageAfterLastDoesNotWalkTheFoldersBeforeIt() throws Exception {
        repositories(ORDERED);
        List<String> visited = new ArrayList<>();
        StorageDriver recording = new ForwardingStorageDriver(driver) {
            @Override
            public void walk(String path, WalkVisitor visitor) throws IOException {
                super.walk(path, entry -> {
                    WalkAction action = visitor.visit(entry);
                    visited.add(entry.path());
                    return action;
                });
            }
        };
        assertThat(values(new Catalog(recording).repositories(after("a_b"), 100))).containsExactly("ab", "b", "b/0", "b0");
        assertThat(visited).noneMatch(p -> p.startsWith(Layout.REPOSITORIES + "/a/"));
    }

    @Test
    void theRegistryListsTheRepositoriesItsBlobsWentTo() throws Exception {
        try (Registry registry = Registry.builder(driver).build()) {
            registry.blobs(new RepositoryName("team/app")).put("application/octet-stream", new byte[] {1});
            registry.blobs(new RepositoryName("team")).put("application/octet-stream", new byte[] {2});
            assertThat(values(registry.catalog().repositories(Optional.empty(), 10))).containsExactly("team", "team/app");
        }
    }
}
