package dev.stowage.registry.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import dev.stowage.registry.RepositoryName;
import dev.stowage.registry.testing.GoRegistry;
import dev.stowage.registry.testing.NativeTools;
import dev.stowage.registry.testing.Skopeo;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stowage's catalog and the Go registry 2.8.2's {@code GET /v2/_catalog} on one filesystem root
 * that skopeo pushed images to: the same pages for every page size, and the two places where the
 * Go registry's answers are not what its own order promises.
 */
class GoRegistryCatalogInteropTest {

    private static final Pattern NEXT = Pattern.compile("<[^>]*[?&]last=([^&>]*)[^>]*>; rel=\"next\"");
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path root;

    /** A page of the Go registry's catalog: its repositories and the {@code last} of its Link, if any. */
    private record GoPage(List<String> repositories, Optional<String> next) {}

    private GoPage goPage(GoRegistry go, Optional<String> last, int n) throws Exception {
        String query = "?n=" + n + last.map(l -> "&last=" + URLEncoder.encode(l, StandardCharsets.UTF_8)).orElse("");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(go.baseUri().resolve("/v2/_catalog" + query)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        for (JsonNode name : json.readTree(response.body()).get("repositories")) {
            names.add(name.asText());
        }
        Optional<String> next = response.headers().firstValue("Link").map(link -> {
            Matcher m = NEXT.matcher(link);
            assertThat(m.find()).as(link).isTrue();
            return java.net.URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
        });
        return new GoPage(names, next);
    }

    private StorageDriver filesystem() throws Exception {
        return StorageDrivers.create("filesystem", Map.of("rootdirectory", root.toString()));
    }

    private void push(GoRegistry go, List<String> repositories) throws Exception {
        Path images = Files.createDirectories(NativeTools.logDirectory().resolve("images"));
        Skopeo.Image image = Skopeo.buildImage(Files.createTempDirectory(images, "catalog-"), "v1", 1, 512, 42);
        Skopeo skopeo = Skopeo.find();
        for (String repository : repositories) {
            skopeo.push(image, go.hostPort(), repository);
        }
    }

    private static List<String> values(List<RepositoryName> names) {
        return names.stream().map(RepositoryName::value).toList();
    }

    @Test
    void everyPageMatchesTheGoRegistrysCatalogForEveryPageSize() throws Exception {
        List<String> pushed = List.of("b", "a.b", "a/b/c", "a", "a-b", "a/b", "lib/app", "a_b");
        List<String> expected = List.of("a", "a/b", "a/b/c", "a-b", "a.b", "a_b", "b", "lib/app");
        try (GoRegistry go = GoRegistry.start(root); StorageDriver driver = filesystem()) {
            push(go, pushed);
            Catalog catalog = new Catalog(driver);
            assertThat(goPage(go, Optional.empty(), 100).repositories()).containsExactlyElementsOf(expected);
            for (int n = 1; n <= expected.size() + 1; n++) {
                Optional<String> last = Optional.empty();
                List<String> all = new ArrayList<>();
                while (true) {
                    GoPage theirs = goPage(go, last, n);
                    Catalog.Page ours = catalog.page(last.map(RepositoryName::new), n);
                    assertThat(values(ours.repositories())).as("n=%d last=%s", n, last).isEqualTo(theirs.repositories());
                    assertThat(ours.more()).as("n=%d last=%s: Link %s", n, last, theirs.next()).isEqualTo(theirs.next().isPresent());
                    all.addAll(theirs.repositories());
                    if (theirs.next().isEmpty()) {
                        break;
                    }
                    assertThat(theirs.next()).isEqualTo(ours.last().map(RepositoryName::value));
                    last = theirs.next();
                }
                assertThat(all).as("n=%d", n).containsExactlyElementsOf(expected);
            }
            // last exclusive, and not necessarily a repository, on both
            for (String last : List.of("a", "a/a", "a/b/c/d", "a0", "b", "lib", "zzz")) {
                assertThat(values(catalog.repositories(Optional.of(new RepositoryName(last)), 3)))
                        .as("last=%s", last).isEqualTo(goPage(go, Optional.of(last), 3).repositories());
            }
        }
    }

    @Test
    void aRepositoryWithOnlyAnUploadIsListedByNeitherButTheGoRegistryPromisesMoreBeforeIt() throws Exception {
        try (GoRegistry go = GoRegistry.start(root); StorageDriver driver = filesystem()) {
            push(go, List.of("a", "b"));
            HttpResponse<String> started = http.send(HttpRequest.newBuilder(go.baseUri().resolve("/v2/c/blobs/uploads/"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(started.statusCode()).isEqualTo(202);
            Catalog catalog = new Catalog(driver);
            assertThat(goPage(go, Optional.empty(), 100).repositories()).containsExactly("a", "b");
            assertThat(values(catalog.repositories(Optional.empty(), 100))).containsExactly("a", "b");
            // A full page ending at "b": the Go registry walks on into the folder "c" and announces more,
            // then answers the next page empty. Stowage says exactly that nothing follows.
            GoPage theirs = goPage(go, Optional.empty(), 2);
            assertThat(theirs).isEqualTo(new GoPage(List.of("a", "b"), Optional.of("b")));
            assertThat(goPage(go, Optional.of("b"), 2)).isEqualTo(new GoPage(List.of(), Optional.empty()));
            assertThat(catalog.page(Optional.empty(), 2)).isEqualTo(new Catalog.Page(
                    List.of(new RepositoryName("a"), new RepositoryName("b")), false));
        }
    }

    @Test
    void aChildWhoseNameStartsWithADigitComesBeforeItsParentInTheGoRegistrysWalkButNotHere() throws Exception {
        try (GoRegistry go = GoRegistry.start(root); StorageDriver driver = filesystem()) {
            push(go, List.of("x", "x/0", "x/y"));
            Catalog catalog = new Catalog(driver);
            // The Go registry lists in its walk order: "x/0" is visited before "x/_layers" ('0' < '_').
            assertThat(goPage(go, Optional.empty(), 100).repositories()).containsExactly("x/0", "x", "x/y");
            assertThat(values(catalog.repositories(Optional.empty(), 100))).containsExactly("x", "x/0", "x/y");
            // Paged by one, the Go registry stops short: its first page is "x/0", and since it only
            // notices a full page at the next folder it enters (there is none after "x/_layers" and
            // "x/y" is counted past the page), it sends no Link; "x" and "x/y" are never listed.
            List<String> goPaged = new ArrayList<>();
            Optional<String> last = Optional.empty();
            do {
                GoPage page = goPage(go, last, 1);
                goPaged.addAll(page.repositories());
                last = page.next();
            } while (last.isPresent());
            assertThat(goPaged).containsExactly("x/0");
            List<String> ours = new ArrayList<>();
            Optional<RepositoryName> after = Optional.empty();
            Catalog.Page page;
            do {
                page = catalog.page(after, 1);
                ours.addAll(values(page.repositories()));
                after = page.last();
            } while (page.more());
            assertThat(ours).containsExactly("x", "x/0", "x/y");
        }
    }
}
