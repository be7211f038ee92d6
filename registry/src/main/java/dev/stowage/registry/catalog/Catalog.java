package dev.stowage.registry.catalog;

import dev.stowage.driver.FileInfo;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.WalkAction;
import dev.stowage.registry.RepositoryName;
import dev.stowage.registry.layout.Layout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The repositories of a store, listed page by page as the Go registry 2.8.2 lists them
 * ({@code registry/storage/catalog.go}, {@code Repositories} and {@code handleRepository}).
 *
 * <ul>
 *   <li>A repository is a folder below {@code /docker/registry/v2/repositories} that holds an entry
 *       named {@code _layers}. A folder with only {@code _manifests} or {@code _uploads} is not one
 *       (yet); names nest ({@code a} and {@code a/b} are both repositories when both hold
 *       {@code _layers}).</li>
 *   <li>Nothing below a folder whose name starts with {@code _} is a repository.</li>
 *   <li>Order is component-wise ({@code lessPath}: bytes compared with {@code /} counted as the
 *       smallest byte), so {@code a < a/b < a/b/c < a-b < a.b}.</li>
 *   <li>{@code last} is exclusive and need not be a repository itself.</li>
 *   <li>{@code n == 0} gives an empty page that promises nothing more, as the Go registry's
 *       handler does.</li>
 * </ul>
 *
 * <p>Where it differs from the Go registry, on purpose: the Go registry emits repositories in its
 * walk order (siblings sorted bytewise, so a child {@code a/0} comes before its parent {@code a},
 * whose {@code _layers} sorts after {@code 0}) but filters by {@code lessPath}, so its pages can
 * skip a repository; here every page follows {@code lessPath} throughout. {@link Page#more()} is
 * exact (another repository follows), while the Go registry also announces more when a folder
 * without repositories follows the page. Folders whose path is not a valid
 * {@link RepositoryName} are left out (neither registry creates them).
 *
 * <p>One {@link StorageDriver#walk} of the repositories folder per page, which never enters
 * {@code _}-folders ({@code _layers}, {@code _manifests}, {@code _uploads}), nor folders whose
 * repositories all sort at or before {@code last}, nor (once the page is full) folders whose
 * repositories all sort after it. Memory holds at most {@code n + 1} names. Thread-safe.
 */
public final class Catalog {

    /** The Go registry's {@code lessPath} order: bytewise, with {@code /} below every other byte. */
    static final Comparator<String> COMPONENT_ORDER = Catalog::compareComponentWise;

    private static final String LAYERS = "_layers";

    private final StorageDriver driver;

    /** A catalog of the repositories stored in {@code driver}. */
    public Catalog(StorageDriver driver) {
        this.driver = Objects.requireNonNull(driver, "driver");
    }

    /**
     * One page of the catalog.
     *
     * @param repositories at most {@code n} repositories, in component-wise order
     * @param more whether at least one repository follows the last one of this page
     */
    public record Page(List<RepositoryName> repositories, boolean more) {

        public Page {
            repositories = List.copyOf(repositories);
        }

        /** The last repository of the page, to ask for the next one with. */
        public Optional<RepositoryName> last() {
            return repositories.isEmpty() ? Optional.empty() : Optional.of(repositories.get(repositories.size() - 1));
        }
    }

    /**
     * The first {@code n} repositories after {@code last} (all of them from the start when empty).
     *
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public List<RepositoryName> repositories(Optional<RepositoryName> last, int n) throws IOException {
        return page(last, n).repositories();
    }

    /**
     * The first {@code n} repositories after {@code last} and whether more follow. An empty store
     * (no repositories folder) gives an empty page.
     *
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public Page page(Optional<RepositoryName> last, int n) throws IOException {
        Objects.requireNonNull(last, "last");
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative: " + n);
        }
        if (n == 0) {
            return new Page(List.of(), false);
        }
        String after = last.map(RepositoryName::value).orElse("");
        PageCollector collector = new PageCollector(after, n == Integer.MAX_VALUE ? n : n + 1);
        try {
            driver.walk(Layout.REPOSITORIES, collector::visit);
        } catch (PathNotFoundException empty) {
            return new Page(List.of(), false);
        }
        List<RepositoryName> found = new ArrayList<>(Math.min(n, collector.smallest.size()));
        for (String name : collector.smallest) {
            if (found.size() == n) {
                return new Page(found, true);
            }
            found.add(new RepositoryName(name));
        }
        return new Page(found, false);
    }

    /** Keeps the {@code limit} smallest repositories after {@code after} seen by one walk. */
    private static final class PageCollector {
        private final String after;
        private final int limit;
        private final TreeSet<String> smallest = new TreeSet<>(COMPONENT_ORDER);
        private final int prefix = Layout.REPOSITORIES.length() + 1;

        PageCollector(String after, int limit) {
            this.after = after;
            this.limit = limit;
        }

        WalkAction visit(FileInfo entry) {
            String relative = entry.path().substring(prefix);
            int slash = relative.lastIndexOf('/');
            String name = relative.substring(slash + 1);
            if (name.equals(LAYERS)) {
                if (slash > 0) {
                    offer(relative.substring(0, slash));
                }
                return WalkAction.SKIP_SUBTREE;
            }
            if (name.startsWith("_") || !entry.isDirectory()) {
                return WalkAction.SKIP_SUBTREE;
            }
            // every repository in this folder is `relative` or `relative/...`
            if (!isValidName(relative) || allAtOrBeforeAfter(relative) || (full() && compareComponentWise(relative, smallest.last()) >= 0)) {
                return WalkAction.SKIP_SUBTREE;
            }
            return WalkAction.CONTINUE;
        }

        private void offer(String repository) {
            if (compareComponentWise(after, repository) >= 0 || !isValidName(repository)) {
                return;
            }
            smallest.add(repository);
            if (smallest.size() > limit) {
                smallest.pollLast();
            }
        }

        private boolean full() {
            return smallest.size() >= limit;
        }

        /** Whether {@code folder} and every name below it sort at or before {@code after}. */
        private boolean allAtOrBeforeAfter(String folder) {
            return compareComponentWise(folder, after) < 0 && !after.startsWith(folder + "/");
        }
    }

    private static boolean isValidName(String value) {
        try {
            new RepositoryName(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The Go registry's {@code compareReplaceInline(a, b, '/', '\x00')}, on chars (names are ASCII). */
    static int compareComponentWise(String a, String b) {
        int common = Math.min(a.length(), b.length());
        for (int i = 0; i < common; i++) {
            char x = a.charAt(i) == '/' ? '\0' : a.charAt(i);
            char y = b.charAt(i) == '/' ? '\0' : b.charAt(i);
            if (x != y) {
                return x < y ? -1 : 1;
            }
        }
        return Integer.compare(a.length(), b.length());
    }
}
