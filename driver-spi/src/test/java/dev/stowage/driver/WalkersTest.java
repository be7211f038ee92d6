package dev.stowage.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** ListingWalker and FlatListingWalker must give the same walk, in the order StorageDriver#walk states. */
class WalkersTest {

    private final MapDriver driver = new MapDriver();

    interface Walker {
        void walk(String path, WalkVisitor visitor) throws IOException;
    }

    private Walker listing() {
        return (path, visitor) -> ListingWalker.walk(driver, path, visitor);
    }

    private Walker flat() {
        return (path, visitor) -> {
            Map<String, byte[]> below = path.equals("/") ? driver.files : driver.files.subMap(path + "/", path + "0");
            Iterator<FileInfo> files = below.entrySet().stream()
                    .map(e -> FileInfo.file(e.getKey(), e.getValue().length, Instant.EPOCH)).iterator();
            FlatListingWalker.walk(path, FileCursor.of(files), Instant.EPOCH, visitor);
        };
    }

    private List<String> walkAll(Walker walker, String path, Function<FileInfo, WalkAction> decide) throws IOException {
        List<String> seen = new ArrayList<>();
        walker.walk(path, e -> {
            seen.add(e.path() + (e.isDirectory() ? "/" : ""));
            return decide.apply(e);
        });
        return seen;
    }

    private void put(String... paths) {
        for (String p : paths) {
            driver.putContent(p, new byte[] {1});
        }
    }

    @Test
    void aDirectoryComesRightBeforeItsDescendants() throws IOException {
        put("/a/x", "/a-b/y", "/a.txt", "/b");
        List<String> expected = List.of("/a-b/", "/a-b/y", "/a.txt", "/a/", "/a/x", "/b");
        assertThat(walkAll(listing(), "/", e -> WalkAction.CONTINUE)).isEqualTo(expected);
        assertThat(walkAll(flat(), "/", e -> WalkAction.CONTINUE)).isEqualTo(expected);
    }

    @Test
    void skipSubtreeSkipsOnlyThatDirectorysDescendants() throws IOException {
        put("/a/b/c/d", "/a/b/e", "/a/f", "/g");
        for (Walker walker : List.of(listing(), flat())) {
            assertThat(walkAll(walker, "/", e -> e.path().equals("/a/b") ? WalkAction.SKIP_SUBTREE : WalkAction.CONTINUE))
                    .containsExactly("/a/", "/a/b/", "/a/f", "/g");
            assertThat(walkAll(walker, "/", e -> e.path().equals("/a/f") ? WalkAction.SKIP_SUBTREE : WalkAction.CONTINUE))
                    .containsExactly("/a/", "/a/b/", "/a/b/c/", "/a/b/c/d", "/a/b/e", "/a/f", "/g");
        }
    }

    @Test
    void stopEndsTheWalk() throws IOException {
        put("/a/b", "/a/c", "/d");
        for (Walker walker : List.of(listing(), flat())) {
            assertThat(walkAll(walker, "/", e -> e.path().equals("/a/b") ? WalkAction.STOP : WalkAction.CONTINUE))
                    .containsExactly("/a/", "/a/b");
        }
    }

    @Test
    void walkBelowADirectoryExcludesItAndItsSiblings() throws IOException {
        put("/a/b/c", "/ab/x", "/a/d");
        for (Walker walker : List.of(listing(), flat())) {
            assertThat(walkAll(walker, "/a", e -> WalkAction.CONTINUE)).containsExactly("/a/b/", "/a/b/c", "/a/d");
        }
    }

    @Test
    void missingPathOrFileIsNotFoundButAnEmptyRootIsFine() throws IOException {
        for (Walker walker : List.of(listing(), flat())) {
            assertThat(walkAll(walker, "/", e -> WalkAction.CONTINUE)).isEmpty();
        }
        put("/file");
        for (Walker walker : List.of(listing(), flat())) {
            assertThatThrownBy(() -> walker.walk("/missing", e -> WalkAction.CONTINUE)).isInstanceOf(PathNotFoundException.class);
            assertThatThrownBy(() -> walker.walk("/file", e -> WalkAction.CONTINUE)).isInstanceOf(PathNotFoundException.class);
        }
    }

    @Test
    void bothWalkersAgreeOnRandomTrees() throws IOException {
        Random random = new Random(42);
        String[] names = {"a", "a-b", "a.b", "b", "a_", "A", "0"};
        for (int round = 0; round < 200; round++) {
            driver.files.clear();
            int count = 1 + random.nextInt(12);
            for (int i = 0; i < count; i++) {
                StringBuilder path = new StringBuilder();
                int depth = 1 + random.nextInt(4);
                for (int d = 0; d < depth; d++) {
                    path.append('/').append(names[random.nextInt(names.length)]);
                }
                String p = path.toString();
                // never a file below another file's path
                boolean clash = driver.files.keySet().stream()
                        .anyMatch(k -> StoragePath.isSameOrBelow(p, k) || StoragePath.isSameOrBelow(k, p));
                if (!clash) {
                    put(p);
                }
            }
            int skipAt = random.nextInt(20);
            Function<FileInfo, WalkAction> decide = new Function<>() {
                int n;

                @Override
                public WalkAction apply(FileInfo e) {
                    return n++ == skipAt ? WalkAction.SKIP_SUBTREE : WalkAction.CONTINUE;
                }
            };
            List<String> byListing = walkAll(listing(), "/", decide);
            decide = new Function<>() {
                int n;

                @Override
                public WalkAction apply(FileInfo e) {
                    return n++ == skipAt ? WalkAction.SKIP_SUBTREE : WalkAction.CONTINUE;
                }
            };
            assertThat(walkAll(flat(), "/", decide)).as("files %s", driver.files.keySet()).isEqualTo(byListing);
            List<String> keys = new ArrayList<>();
            walkAll(listing(), "/", e -> WalkAction.CONTINUE).forEach(k -> keys.add(k));
            assertThat(keys).as("walk order is ascending by walk key").isSorted();
        }
    }

    @Test
    void listingWalkerPassesOverEntriesDeletedDuringTheWalk() throws IOException {
        put("/a/x", "/b/y", "/c");
        List<String> seen = walkAll(listing(), "/", e -> {
            if (e.path().equals("/a/x")) {
                driver.files.remove("/b/y");
            }
            return WalkAction.CONTINUE;
        });
        // "/b" was described before its last file went; its listing then finds nothing and is passed over
        assertThat(seen).containsExactly("/a/", "/a/x", "/b/", "/c");
    }

    @Test
    void flatWalkerRefusesAnUnsortedListing() {
        FileCursor unsorted = FileCursor.of(List.of(FileInfo.file("/b", 1, Instant.EPOCH), FileInfo.file("/a", 1, Instant.EPOCH)).iterator());
        assertThatThrownBy(() -> FlatListingWalker.walk("/", unsorted, Instant.EPOCH, e -> WalkAction.CONTINUE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not ascending");
    }

    @Test
    void flatWalkerRefusesAListingOutsideThePath() {
        FileCursor outside = FileCursor.of(List.of(FileInfo.file("/ab/x", 1, Instant.EPOCH)).iterator());
        assertThatThrownBy(() -> FlatListingWalker.walk("/a", outside, Instant.EPOCH, e -> WalkAction.CONTINUE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("/ab/x").hasMessageContaining("not below /a");
    }

    @Test
    void aCursorFailureEndsTheFlatWalkWithThatVerySameException() {
        StorageDriverException pageFailed = new StorageDriverException("test", "/a", "second page failed");
        Iterator<FileInfo> firstPage = List.of(FileInfo.file("/a/x", 1, Instant.EPOCH)).iterator();
        FileCursor cursor = () -> {
            if (firstPage.hasNext()) {
                return firstPage.next();
            }
            throw pageFailed;
        };
        List<String> seen = new ArrayList<>();
        assertThatThrownBy(() -> FlatListingWalker.walk("/a", cursor, Instant.EPOCH, e -> {
            seen.add(e.path());
            return WalkAction.CONTINUE;
        })).isSameAs(pageFailed);
        assertThat(seen).containsExactly("/a/x");
    }

    @Test
    void aStoppedFlatWalkReadsTheCursorNoFurther() throws IOException {
        List<FileInfo> files = List.of(FileInfo.file("/a", 1, Instant.EPOCH), FileInfo.file("/b", 1, Instant.EPOCH),
                FileInfo.file("/c", 1, Instant.EPOCH));
        int[] reads = {0};
        Iterator<FileInfo> it = files.iterator();
        FileCursor counting = () -> {
            reads[0]++;
            return it.hasNext() ? it.next() : null;
        };
        FlatListingWalker.walk("/", counting, Instant.EPOCH, e -> e.path().equals("/a") ? WalkAction.STOP : WalkAction.CONTINUE);
        assertThat(reads[0]).isEqualTo(1);
    }

    @Test
    void anEmptyCursorIsAnEmptyRootButAMissingDirectory() throws IOException {
        FlatListingWalker.walk("/", () -> null, Instant.EPOCH, e -> {
            throw new AssertionError("visited " + e);
        });
        assertThatThrownBy(() -> FlatListingWalker.walk("/a", () -> null, Instant.EPOCH, e -> WalkAction.CONTINUE))
                .isInstanceOf(PathNotFoundException.class);
    }
}
