package dev.stowage.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.stowage.driver.FileInfo;
import dev.stowage.driver.FileWriter;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StoragePath;
import dev.stowage.driver.WalkAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Listings larger than a backend's page, deep trees, and names that stress the walk order. */
abstract class TreeCases extends StreamCases {

    /** Threads that create a case's files: enough to hide a remote backend's latency, few enough for a small machine. */
    static final int PUT_THREADS = 12;

    @Test
    @DisplayName("a directory with more entries than a backend's page (1,000; 5,000 on Azure), files and subdirectories mixed, "
            + "is listed, walked and deleted whole: no duplicate, no gap, no sibling touched (count by profile)")
    void listWalkAndDeleteBeyondABackendPage() throws Exception {
        String dir = "/" + segment();
        int n = profile.manyFiles();
        Map<String, Boolean> tree = new TreeMap<>(); // path -> isDirectory
        List<String> children = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String child = dir + "/" + String.format("e%05d", i);
            children.add(child);
            boolean subdirectory = i % 4 == 3; // an S3 delimiter listing pages prefixes and keys together
            tree.put(child, subdirectory);
            if (subdirectory) {
                tree.put(child + "/x", false);
            }
        }
        Map<String, Boolean> siblings = Map.of(dir + "-a", false, dir + "0", true, dir + "0/y", false);
        putFiles(tree);
        putFiles(siblings);

        assertSameEntries("list(" + dir + ")", children, driver.list(dir));
        assertSameEntries("walk(" + dir + ")", walkOrder(tree), paths(walkAll(driver, dir)));
        driver.delete(dir);
        expectThrows(PathNotFoundException.class, "list(" + dir + ") after delete(" + dir + ")", () -> driver.list(dir));
        assertSameEntries("walk(\"/\") after delete(" + dir + ") of " + tree.size() + " entries", walkOrder(siblings),
                paths(walkAll(driver, "/")));
    }

    @Test
    @DisplayName("a tree 24 levels deep is walked in order, listed at its bottom and deleted from its middle")
    void deepTree() throws Exception {
        String top = "/" + segment();
        int depth = 24;
        List<String> directories = new ArrayList<>();
        Map<String, Boolean> files = new TreeMap<>();
        String at = top;
        for (int level = 1; level <= depth; level++) {
            at = at + "/" + String.format("d%02d", level);
            directories.add(at);
            files.put(at + "/f", false);
        }
        putFiles(files);
        // "dNN/" sorts before "f": the walk goes down the chain of directories, then meets the files from the bottom up
        List<String> expected = new ArrayList<>(directories);
        for (int level = depth - 1; level >= 0; level--) {
            expected.add(directories.get(level) + "/f");
        }
        assertSameEntries("walk(" + top + ") of a tree " + depth + " levels deep", expected, paths(walkAll(driver, top)));
        String bottom = directories.get(depth - 1);
        assertEquals(List.of(bottom + "/f"), driver.list(bottom), "list(" + bottom + ")");
        assertTrue(driver.stat(bottom).isDirectory(), "stat(" + bottom + ").isDirectory()");
        assertContent(driver, bottom + "/f", (bottom + "/f").getBytes(StandardCharsets.UTF_8));

        String middle = directories.get(depth / 2 - 1);
        driver.delete(middle);
        List<String> left = new ArrayList<>(directories.subList(0, depth / 2 - 1));
        for (int level = depth / 2 - 1; level >= 1; level--) {
            left.add(directories.get(level - 1) + "/f");
        }
        assertSameEntries("walk(" + top + ") after delete(" + middle + ")", left, paths(walkAll(driver, top)));
    }

    /** Siblings of {@code b} whose names extend it with characters sorting before {@code /} ({@code - .}) and after it. */
    static final Map<String, Boolean> B_SIBLINGS = siblingsOfB();

    private static Map<String, Boolean> siblingsOfB() {
        Map<String, Boolean> tree = new LinkedHashMap<>();
        for (String file : List.of("a", "b-", "b.c", "b_c", "b0", "c", "B.c", "ba")) {
            tree.put(file, false);
        }
        for (String dir : List.of("b-c", "b.d", "b0d", "b_d", "bb", "B", "A")) {
            tree.put(dir, true);
            tree.put(dir + "/x", false);
        }
        return tree;
    }

    @Test
    @DisplayName("SKIP_SUBTREE, list and delete of directory b touch only what is below b/, never b-c, b.c, b0, b_c, bb, B")
    void subtreeOfBNeverTouchesSiblingsThatExtendItsName() throws Exception {
        String base = "/" + segment();
        String b = base + "/b";
        Map<String, Boolean> below = Map.of(b + "/x", false, b + "/y", true, b + "/y/z", false);
        Map<String, Boolean> siblings = new TreeMap<>();
        B_SIBLINGS.forEach((name, isDirectory) -> siblings.put(base + "/" + name, isDirectory));
        Map<String, Boolean> tree = new TreeMap<>(siblings);
        tree.put(b, true);
        tree.putAll(below);
        putFiles(tree);

        List<String> skipped = new ArrayList<>();
        driver.walk(base, e -> {
            skipped.add(e.path());
            return e.path().equals(b) ? WalkAction.SKIP_SUBTREE : WalkAction.CONTINUE;
        });
        List<String> expected = new ArrayList<>(walkOrder(tree));
        expected.removeAll(below.keySet());
        assertSameEntries("walk(" + base + ") with SKIP_SUBTREE on " + b, expected, skipped);
        assertSameEntries("list(" + b + ")", List.of(b + "/x", b + "/y"), driver.list(b));
        assertSameEntries("walk(" + b + ")", walkOrder(below), paths(walkAll(driver, b)));

        driver.delete(b);
        assertSameEntries("walk(" + base + ") after delete(" + b + ")", walkOrder(siblings), paths(walkAll(driver, base)));
        for (Map.Entry<String, Boolean> sibling : siblings.entrySet()) {
            if (!sibling.getValue()) {
                assertContent(driver, sibling.getKey(), sibling.getKey().getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    @DisplayName("paths are case-sensitive: b and B, X/ and x/ are different files and directories")
    void pathsAreCaseSensitive() throws Exception {
        String dir = "/" + segment();
        Map<String, Boolean> tree = new TreeMap<>();
        for (String name : List.of("b", "B", "aB", "Ab", "x/f", "X/f")) {
            tree.put(dir + "/" + name, false);
        }
        putFiles(tree);
        for (String file : tree.keySet()) {
            assertContent(driver, file, file.getBytes(StandardCharsets.UTF_8));
        }
        assertSameEntries("list(" + dir + ")", List.of(dir + "/Ab", dir + "/B", dir + "/X", dir + "/aB", dir + "/b", dir + "/x"),
                driver.list(dir));
        driver.delete(dir + "/b");
        driver.delete(dir + "/X");
        assertContent(driver, dir + "/B", (dir + "/B").getBytes(StandardCharsets.UTF_8));
        assertContent(driver, dir + "/x/f", (dir + "/x/f").getBytes(StandardCharsets.UTF_8));
        assertSameEntries("list(" + dir + ") after delete(" + dir + "/b) and delete(" + dir + "/X)",
                List.of(dir + "/Ab", dir + "/B", dir + "/aB", dir + "/x"), driver.list(dir));
    }

    @Test
    @DisplayName("every character the path grammar allows, leading, trailing and repeated, names its own file and directory")
    void everyAllowedCharacterNamesItsOwnFile() throws Exception {
        String dir = "/" + segment();
        List<String> names = new ArrayList<>();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
        for (char c : alphabet.toCharArray()) {
            names.add(String.valueOf(c));
        }
        names.addAll(List.of(".a", "..a", "...", "a.", "a..b", "a.b", "-a", "a-", "a-b", "_a", "a_", "a_b", "--", "__", "-_.",
                "._-"));
        Map<String, Boolean> tree = new TreeMap<>();
        for (String name : names) {
            tree.put(dir + "/" + name, false);
        }
        for (String name : List.of(".d", "d.", "-d", "_d", "d-", "d_")) {
            tree.put(dir + "/" + name, true);
            tree.put(dir + "/" + name + "/" + name, false);
        }
        putFiles(tree);
        for (Map.Entry<String, Boolean> entry : tree.entrySet()) {
            if (!entry.getValue()) {
                assertContent(driver, entry.getKey(), entry.getKey().getBytes(StandardCharsets.UTF_8));
            }
        }
        List<String> children = tree.keySet().stream().filter(p -> StoragePath.parent(p).equals(dir)).sorted().toList();
        assertSameEntries("list(" + dir + ")", children, driver.list(dir));
        assertSameEntries("walk(" + dir + ")", walkOrder(tree), paths(walkAll(driver, dir)));
    }

    @Test
    @DisplayName("segments of " + StoragePath.MAX_SEGMENT_LENGTH + " characters and paths of " + StoragePath.MAX_PATH_LENGTH
            + " work with every method; one character more is InvalidPath")
    void longestSegmentsAndPathsWork() throws Exception {
        String longest = "/" + longSegment('a') + "/" + longSegment('b') + "/" + longSegment('c');
        assertEquals(StoragePath.MAX_PATH_LENGTH, longest.length(), "the kit's longest path");
        String top = longest.substring(0, longest.indexOf('/', 1));
        String parent = StoragePath.parent(longest);
        byte[] content = longest.getBytes(StandardCharsets.UTF_8);
        driver.putContent(longest, content);
        assertContent(driver, longest, content);
        assertEquals(List.of(longest), driver.list(parent), "list(" + parent + ")");
        assertEquals(List.of(parent, longest), paths(walkAll(driver, top)), "walk(" + top + ")");

        String written = parent + "/" + longSegment('w');
        byte[] more = Data.random(random, 3000);
        try (FileWriter writer = driver.writer(written, false)) {
            Data.write(writer, more, 1000);
            writer.close();
        }
        try (FileWriter writer = driver.writer(written, true)) {
            assertEquals(more.length, writer.size(), "size() of writer(" + written + ", true)");
            writer.commit();
        }
        assertContent(driver, written, more);

        String moved = "/" + longSegment('m');
        driver.move(longest, moved);
        assertContent(driver, moved, content);
        assertMissing(driver, longest);
        driver.delete(top);
        assertEquals(List.of(moved), driver.list("/"), "list(\"/\") after delete(" + top + ")");
        driver.delete(moved);
        assertMissing(driver, moved);

        assertInvalidEverywhere(driver, "/x/" + "s".repeat(StoragePath.MAX_SEGMENT_LENGTH + 1), "/" + segment());
        assertInvalidEverywhere(driver, longest.substring(0, longest.length() - 1) + "/x", "/" + segment());
    }

    /** A random segment of the longest length, starting with {@code first}. */
    private String longSegment(char first) {
        StringBuilder s = new StringBuilder().append(first);
        while (s.length() < StoragePath.MAX_SEGMENT_LENGTH) {
            s.append(segment());
        }
        return s.substring(0, StoragePath.MAX_SEGMENT_LENGTH);
    }

    // ---- helpers ----------------------------------------------------------------------------------

    /** Puts every file of {@code tree} (its directories come with them), each holding its own path, on {@link #PUT_THREADS} threads. */
    void putFiles(Map<String, Boolean> tree) throws Exception {
        List<String> files = tree.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
        List<Callable<Void>> workers = new ArrayList<>();
        for (int w = 0; w < Math.min(PUT_THREADS, files.size()); w++) {
            int first = w;
            workers.add(() -> {
                for (int i = first; i < files.size(); i += PUT_THREADS) {
                    String path = files.get(i);
                    driver.putContent(path, path.getBytes(StandardCharsets.UTF_8));
                }
                return null;
            });
        }
        runAll(workers);
    }

    /** The contract's walk order of {@code tree} (path to isDirectory): ascending, a directory counting as its path plus {@code /}. */
    static List<String> walkOrder(Map<String, Boolean> tree) {
        return tree.entrySet().stream()
                .sorted(Comparator.comparing(e -> StoragePath.walkKey(e.getKey(), e.getValue())))
                .map(Map.Entry::getKey).toList();
    }

    static List<String> paths(List<FileInfo> entries) {
        return entries.stream().map(FileInfo::path).toList();
    }

    /**
     * Asserts that {@code call} gave exactly {@code expected}, in order; on failure names the
     * counts, the first difference, and the duplicated and missing entries (a few of each).
     */
    static void assertSameEntries(String call, List<String> expected, List<String> got) {
        if (expected.equals(got)) {
            return;
        }
        int at = 0;
        while (at < expected.size() && at < got.size() && expected.get(at).equals(got.get(at))) {
            at++;
        }
        Set<String> seen = new HashSet<>();
        List<String> duplicates = got.stream().filter(p -> !seen.add(p)).limit(5).toList();
        Set<String> gotSet = new HashSet<>(got);
        Set<String> expectedSet = new HashSet<>(expected);
        List<String> missing = expected.stream().filter(p -> !gotSet.contains(p)).limit(5).toList();
        List<String> extra = got.stream().filter(p -> !expectedSet.contains(p)).limit(5).toList();
        fail(call + " gave " + got.size() + " entries, expected " + expected.size() + "; first difference at index " + at
                + ": expected " + (at < expected.size() ? expected.get(at) : "the end") + ", saw "
                + (at < got.size() ? got.get(at) : "the end") + "; duplicated " + duplicates + ", missing " + missing
                + ", unexpected " + extra + (got.size() <= 40 ? "; all: " + got : ""));
    }
}
