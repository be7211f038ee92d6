package dev.stowage.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.driver.FileInfo;
import dev.stowage.driver.FileWriter;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Races: {@code list}, {@code walk}, {@code stat}, {@code getContent} and {@code reader} run while
 * other threads put, write and commit, move and delete in the same directories, for the profile's
 * race time. Each observation is judged by the contract alone: it must be explainable by some order
 * of the operations. Paths that no one touches must always be seen whole; a path being changed may
 * be missing (only {@link PathNotFoundException}) or show one whole content it was ever given (a
 * writer's path before its commit: a prefix of one); a listing shows no path that was never
 * created, in order, without duplicates. Every other exception fails the case.
 */
abstract class RaceCases extends LifecycleCases {

    @Test
    @DisplayName("race: list and walk during concurrent puts, commits, moves and deletes in the same directories")
    void listAndWalkRaceWithWritesMovesAndDeletes() throws Exception {
        race("lister", (tree, r) -> {
            tree.checkList(driver.list(tree.dir));
            tree.checkWalk(walkAll(driver, tree.dir));
        });
    }

    @Test
    @DisplayName("race: stat, getContent and reader during concurrent overwrites, commits, moves and deletes")
    void statAndReadRaceWithWritesMovesAndDeletes() throws Exception {
        race("reader", (tree, r) -> {
            String path = tree.anyPath(r);
            tree.checkStat(path, () -> driver.stat(path));
            tree.checkContent(path, "getContent", () -> driver.getContent(path));
            tree.checkContent(path, "reader", () -> Data.read(driver, path, 0));
        });
    }

    /**
     * Runs two observers, each repeating {@code observe}, against the mutators of a fresh tree
     * for the profile's race time; fails on any observation the contract does not explain, and
     * when no observation finished at all.
     */
    private void race(String observer, Observer observe) throws Exception {
        RaceTree tree = new RaceTree("/" + segment(), random);
        tree.populate(driver);
        AtomicInteger observations = new AtomicInteger();
        List<Race.Task> tasks = new ArrayList<>(tree.mutators(driver));
        for (int i = 0; i < 2; i++) {
            tasks.add(new Race.Task(observer + "-" + i, r -> {
                observe.observe(tree, r);
                observations.incrementAndGet();
            }));
        }
        Race.run(tasks, profile.raceMillis(), random.nextLong());
        assertTrue(observations.get() > 0, "no " + observer + " observation below " + tree.dir + " finished within the race");
    }

    @FunctionalInterface
    private interface Observer {
        void observe(RaceTree tree, Random random) throws Exception;
    }

    /**
     * The directory the races run in and what may be observed there. Contents come from a pool
     * of distinct random contents of distinct sizes, so that a size names the one content it may
     * have and a mix of two is caught.
     */
    static final class RaceTree {
        enum Kind {
            /** Put before the race, never touched: always there, always whole. */
            STABLE,
            /** Put, moved and deleted during the race: missing, or one whole pool content. */
            CHURNED,
            /** A writer's path: missing, or a prefix of a pool content (whole once committed). */
            WRITTEN,
            /** A directory that comes and goes: missing, or a directory. */
            DIRECTORY
        }

        final String dir;
        private final List<byte[]> pool = new ArrayList<>();
        private final Map<String, Kind> kinds = new LinkedHashMap<>();
        private final List<String> churned = new ArrayList<>();
        private final Map<String, byte[]> stable = new LinkedHashMap<>();

        RaceTree(String dir, Random random) {
            this.dir = dir;
            for (int size : new int[] {1, 700, 2_900, 8_000, 21_000, 40_000}) {
                pool.add(Data.random(random, size));
            }
            for (int i = 0; i < 3; i++) {
                String path = dir + "/stable-" + i;
                kinds.put(path, Kind.STABLE);
                stable.put(path, pool.get(i * 2));
            }
            kinds.put(dir + "/sub", Kind.DIRECTORY);
            kinds.put(dir + "/tree", Kind.DIRECTORY);
            for (String name : List.of("/c0", "/c1", "/c2", "/sub/c3", "/sub/c4", "/tree/t0", "/tree/t1", "/tree/t2")) {
                kinds.put(dir + name, Kind.CHURNED);
                churned.add(dir + name);
            }
            kinds.put(dir + "/sub/w0", Kind.WRITTEN);
        }

        void populate(StorageDriver d) throws IOException {
            for (Map.Entry<String, byte[]> e : stable.entrySet()) {
                d.putContent(e.getKey(), e.getValue());
            }
            for (String path : churned) {
                d.putContent(path, pool.get(churned.indexOf(path) % pool.size()));
            }
        }

        /** The threads that change the tree: overwrite, move, delete; write and commit; fill and delete a directory. */
        List<Race.Task> mutators(StorageDriver d) {
            return List.of(
                    new Race.Task("putter", r -> d.putContent(anyOf(r, churned), anyOf(r, pool))),
                    new Race.Task("mover", r -> {
                        try {
                            d.move(anyOf(r, churned), anyOf(r, churned));
                        } catch (PathNotFoundException gone) {
                            // the source was moved or deleted meanwhile: the contract's answer
                        }
                    }),
                    new Race.Task("deleter", r -> {
                        try {
                            d.delete(r.nextInt(4) == 0 ? dir + "/tree" : anyOf(r, churned));
                        } catch (PathNotFoundException gone) {
                            // already gone
                        }
                    }),
                    new Race.Task("writer", r -> {
                        byte[] content = anyOf(r, pool);
                        try (FileWriter w = d.writer(dir + "/sub/w0", false)) {
                            int half = content.length / 2;
                            Data.write(w, Arrays.copyOf(content, half), 1 << 12);
                            Data.write(w, Arrays.copyOfRange(content, half, content.length), 1 << 12);
                            w.commit();
                        }
                    }));
        }

        String anyPath(Random r) {
            return anyOf(r, List.copyOf(kinds.keySet()));
        }

        private static <T> T anyOf(Random r, List<T> items) {
            return items.get(r.nextInt(items.size()));
        }

        void checkList(List<String> listed) {
            Set<String> children = new TreeSet<>();
            for (String path : kinds.keySet()) {
                if (path.lastIndexOf('/') == dir.length()) {
                    children.add(path);
                }
            }
            for (int i = 0; i < listed.size(); i++) {
                String entry = listed.get(i);
                require(children.contains(entry), "list(" + dir + ") gave " + entry + ", which was never created: " + listed);
                require(i == 0 || listed.get(i - 1).compareTo(entry) < 0,
                        "list(" + dir + ") is not strictly ascending at " + entry + ": " + listed);
            }
            for (String path : stable.keySet()) {
                require(listed.contains(path), "list(" + dir + ") misses " + path + ", which existed throughout: " + listed);
            }
        }

        void checkWalk(List<FileInfo> walked) {
            String previous = null;
            List<String> paths = walked.stream().map(FileInfo::path).toList();
            for (FileInfo entry : walked) {
                Kind kind = kinds.get(entry.path());
                require(kind != null, "walk(" + dir + ") gave " + entry.path() + ", which was never created: " + paths);
                require(entry.isDirectory() == (kind == Kind.DIRECTORY), "walk(" + dir + ") gave " + entry.path()
                        + " with isDirectory()=" + entry.isDirectory() + ", but it was only ever a " + (kind == Kind.DIRECTORY ? "directory" : "file"));
                if (!entry.isDirectory()) {
                    checkSize(entry.path(), kind, entry.size(), "walk(" + dir + ")");
                }
                String key = entry.isDirectory() ? entry.path() + "/" : entry.path();
                require(previous == null || previous.compareTo(key) < 0,
                        "walk(" + dir + ") is not in walk order (or repeats) at " + entry.path() + ": " + paths);
                previous = key;
            }
            for (String path : stable.keySet()) {
                require(paths.contains(path), "walk(" + dir + ") misses " + path + ", which existed throughout: " + paths);
            }
        }

        void checkStat(String path, Observation<FileInfo> stat) throws IOException {
            Kind kind = kinds.get(path);
            FileInfo info = observe(path, kind, "stat", stat);
            if (info == null) {
                return;
            }
            require(info.path().equals(path), "stat(" + path + ") described " + info.path());
            require(info.isDirectory() == (kind == Kind.DIRECTORY), "stat(" + path + ").isDirectory() is "
                    + info.isDirectory() + ", but it was only ever a " + (kind == Kind.DIRECTORY ? "directory" : "file"));
            if (!info.isDirectory()) {
                checkSize(path, kind, info.size(), "stat");
            }
        }

        void checkContent(String path, String how, Observation<byte[]> read) throws IOException {
            Kind kind = kinds.get(path);
            if (kind == Kind.DIRECTORY) {
                try {
                    read.get();
                    throw new AssertionError(how + "(" + path + ") of a directory returned content");
                } catch (PathNotFoundException expected) {
                    return;
                }
            }
            byte[] got = observe(path, kind, how, read);
            if (got == null) {
                return;
            }
            boolean explained = switch (kind) {
                case STABLE -> Arrays.equals(got, stable.get(path));
                case CHURNED -> pool.stream().anyMatch(c -> Arrays.equals(c, got));
                case WRITTEN -> pool.stream().anyMatch(c -> c.length >= got.length
                        && Arrays.equals(c, 0, got.length, got, 0, got.length));
                case DIRECTORY -> false;
            };
            require(explained, how + "(" + path + ") gave " + Data.describe(got) + ", which no order of the operations explains"
                    + (kind == Kind.WRITTEN ? " (not a prefix of any content written there)" : " (not one whole content put there: torn?)"));
        }

        private void checkSize(String path, Kind kind, long size, String how) {
            boolean explained = switch (kind) {
                case STABLE -> size == stable.get(path).length;
                case CHURNED -> pool.stream().anyMatch(c -> c.length == size);
                case WRITTEN -> size >= 0 && pool.stream().anyMatch(c -> c.length >= size);
                case DIRECTORY -> false;
            };
            require(explained, how + " gave size " + size + " for " + path + ", a size it never had");
        }

        /** Runs one observation; null where the contract allows that the path is missing just now. */
        private static <T> T observe(String path, Kind kind, String how, Observation<T> call) throws IOException {
            try {
                return call.get();
            } catch (PathNotFoundException e) {
                require(kind != Kind.STABLE, how + "(" + path + ") is PathNotFound, but the file existed throughout: " + e);
                return null;
            }
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new AssertionError(message);
            }
        }
    }

    @FunctionalInterface
    interface Observation<T> {
        T get() throws IOException;
    }
}
