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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
 *
 * <p>Calls take effect at one instant each (the contract's "Threads"): overwrites of the same
 * length are never seen mixed, concurrent putContents above the part size never mix their parts,
 * a {@code stat} shows one state the path had while it ran, and a reader stream keeps the content
 * it opened (or fails) while its path changes.
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

    @Test
    @DisplayName("race: overwrites of the same length, by putContent and by writer commits, are read old or new whole by "
            + "getContent and reader streams, never a mix")
    void sameLengthOverwritesAreReadWhole() throws Exception {
        String path = "/" + segment() + "/same-length";
        List<byte[]> contents = differentAtEveryByte(random, 3, SAME_LENGTH_SIZE);
        driver.putContent(path, contents.get(0));
        AtomicInteger reads = new AtomicInteger();
        Race.Step check = r -> {
            boolean streamed = r.nextBoolean();
            String how = streamed ? "reader" : "getContent";
            byte[] got;
            try {
                got = streamed ? Data.read(driver, path, 0) : driver.getContent(path);
            } catch (PathNotFoundException betweenWriterAndCommit) {
                return; // a writer's path may show nothing until its commit returns
            }
            // A full-length read is one whole content; a shorter one may be an open writer's prefix.
            boolean explained = contents.stream().anyMatch(c -> got.length == c.length ? Arrays.equals(got, c)
                    : got.length < c.length && Arrays.equals(c, 0, got.length, got, 0, got.length));
            if (!explained) {
                throw new AssertionError(how + "(" + path + ") during same-length overwrites gave " + Data.describe(got) + ": "
                        + (got.length == SAME_LENGTH_SIZE ? "a mix of contents of the same length (overwritten in place?)"
                                : "not a prefix of any content written there"));
            }
            reads.incrementAndGet();
        };
        Race.run(List.of(
                new Race.Task("putter", r -> driver.putContent(path, contents.get(r.nextInt(contents.size())))),
                new Race.Task("committer", r -> {
                    try (FileWriter w = driver.writer(path, false)) {
                        Data.write(w, contents.get(r.nextInt(contents.size())), 64 << 10);
                        w.commit();
                    }
                }),
                new Race.Task("reader-0", check),
                new Race.Task("reader-1", check)), profile.raceMillis() / 3, random.nextLong());
        assertTrue(reads.get() > 0, "no read of " + path + " finished within the race");
    }

    @Test
    @DisplayName("a reader stream goes on with the content it opened, or fails with an IOException, while its path is "
            + "overwritten, moved away or deleted; it never switches to other bytes")
    void readerStreamKeepsItsContentWhileThePathChanges() throws Exception {
        String dir = "/" + segment();
        List<byte[]> contents = differentAtEveryByte(random, 2, STREAM_SIZE);
        byte[] opened = contents.get(0);
        byte[] other = contents.get(1);
        record Change(String what, String path, Observation<?> run) {}
        List<Change> changes = List.of(
                new Change("putContent", dir + "/put", () -> {
                    driver.putContent(dir + "/put", other);
                    return null;
                }),
                new Change("writer commit", dir + "/committed", () -> {
                    try (FileWriter w = driver.writer(dir + "/committed", false)) {
                        Data.write(w, other, 64 << 10);
                        w.commit();
                    }
                    return null;
                }),
                new Change("move away", dir + "/moved", () -> {
                    driver.move(dir + "/moved", dir + "/moved-to");
                    return null;
                }),
                new Change("delete", dir + "/deleted", () -> {
                    driver.delete(dir + "/deleted");
                    return null;
                }));
        int before = opened.length / 3;
        for (Change change : changes) {
            driver.putContent(change.path(), opened);
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            try (java.io.InputStream in = driver.reader(change.path(), 0)) {
                got.write(in.readNBytes(before));
                change.run().get();
                try {
                    in.transferTo(got);
                } catch (IOException failed) {
                    continue; // the contract's other answer: the rest of the stream fails
                }
            }
            byte[] read = got.toByteArray();
            if (!Arrays.equals(read, opened)) {
                throw new AssertionError("reader(" + change.path() + ", 0), read " + before + " bytes before a " + change.what()
                        + " of the path and the rest after, gave " + Data.describe(read) + ", not the " + Data.describe(opened)
                        + " it opened" + (read.length == opened.length && Arrays.equals(read, 0, before, opened, 0, before)
                                ? " (it went on with other bytes after the change)" : ""));
            }
        }
    }

    @Test
    @DisplayName("race: concurrent putContents larger than the backend's part size leave one call's whole content, "
            + "and readers meanwhile see the old content or one new one whole")
    void concurrentLargePutContentsLeaveOneWholeContent() throws Exception {
        String path = "/" + segment() + "/large";
        long unit = Math.max(5L << 20, driver.capabilities().minPartSize());
        // above the part size, within the driver's declared limit
        int size = (int) Math.min(unit + (1 << 20) + 3, Math.min(Integer.MAX_VALUE - 8, driver.capabilities().maxFileSize()));
        List<byte[]> contents = differentAtEveryByte(random, 3, size); // the first, then two put at once
        byte[] first = contents.get(0);
        List<byte[]> put = contents.subList(1, contents.size());
        driver.putContent(path, first);
        for (int round = 0; round < 2; round++) {
            putConcurrently(path, contents, put);
            byte[] last = driver.getContent(path);
            if (put.stream().noneMatch(c -> Arrays.equals(last, c))) {
                throw new AssertionError("after " + put.size() + " concurrent putContents of " + size + " bytes, getContent("
                        + path + ") gave " + Data.describe(last) + ", not one call's whole content"
                        + (last.length == size ? " (their parts interleaved?)" : ""));
            }
            byte[] streamed = Data.read(driver, path, 0);
            if (!Arrays.equals(last, streamed)) {
                throw new AssertionError("reader(" + path + ", 0) gave " + Data.describe(streamed) + " after getContent gave "
                        + Data.describe(last) + " with no change between");
            }
        }
    }

    /**
     * Puts every one of {@code put} at {@code path} at once, each from its own thread, while a
     * reader requires that every {@code getContent} is one of {@code contents} whole.
     */
    private void putConcurrently(String path, List<byte[]> contents, List<byte[]> put) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(put.size() + 1);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> putters = new ArrayList<>();
            for (byte[] content : put) {
                putters.add(pool.submit(() -> {
                    start.await();
                    driver.putContent(path, content);
                    return null;
                }));
            }
            Future<?> reader = pool.submit(() -> {
                start.await();
                do {
                    byte[] got = driver.getContent(path);
                    if (contents.stream().noneMatch(c -> Arrays.equals(got, c))) {
                        throw new AssertionError("getContent(" + path + ") during " + put.size() + " concurrent putContents of "
                                + got.length + " bytes gave " + Data.describe(got)
                                + ": neither the old content nor one new one whole (parts visible or mixed?)");
                    }
                } while (!putters.stream().allMatch(Future::isDone));
                return null;
            });
            start.countDown();
            for (Future<?> f : putters) {
                f.get(Race.GRACE_MILLIS, TimeUnit.MILLISECONDS);
            }
            reader.get(Race.GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("race: stat racing putContent, move onto the path and delete shows one state the path had during the "
            + "call (its size with its modification time) or PathNotFoundException, never a mix of states")
    void statRacingChangesShowsOneState() throws Exception {
        String dir = "/" + segment();
        String path = dir + "/stat";
        String side = dir + "/side";
        List<byte[]> pool = new ArrayList<>();
        for (int size : new int[] {1, 900, 900, 4_000, 17_000}) { // two of one size: only the time tells them apart
            pool.add(Data.random(random, size));
        }
        // states.get(j) is what stat showed right after change j returned (null: missing); only one thread changes the path.
        List<FileInfo> states = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger begun = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        driver.putContent(path, pool.get(0));
        states.add(driver.stat(path));
        record Seen(int from, int to, FileInfo info) {}
        java.util.Queue<Seen> seen = new java.util.concurrent.ConcurrentLinkedQueue<>();
        AtomicInteger observed = new AtomicInteger();
        Race.Step observe = r -> {
            int from = done.get();
            FileInfo info;
            try {
                info = driver.stat(path);
            } catch (PathNotFoundException missing) {
                info = null;
            }
            Seen s = new Seen(from, begun.get(), info);
            observed.incrementAndGet();
            if (states.size() > s.to()) {
                requireOneState(path, s.from(), s.to(), s.info(), states); // judged now, so a long race holds little
            } else {
                seen.add(s);
            }
        };
        Race.run(List.of(
                new Race.Task("changer", r -> {
                    int kind = r.nextInt(4);
                    boolean there = states.get(states.size() - 1) != null;
                    if (kind == 0 && there) {
                        begun.incrementAndGet();
                        driver.delete(path);
                        done.incrementAndGet();
                        states.add(null);
                        return;
                    }
                    byte[] content = pool.get(r.nextInt(pool.size()));
                    if (kind == 1) {
                        driver.putContent(side, content);
                        begun.incrementAndGet();
                        driver.move(side, path);
                    } else {
                        begun.incrementAndGet();
                        driver.putContent(path, content);
                    }
                    done.incrementAndGet();
                    states.add(driver.stat(path));
                }),
                new Race.Task("stat-0", observe),
                new Race.Task("stat-1", observe)), profile.raceMillis() / 3, random.nextLong());
        assertTrue(observed.get() > 0, "no stat of " + path + " finished within the race");
        for (Seen s : seen) {
            requireOneState(path, s.from(), s.to(), s.info(), states);
        }
    }

    /**
     * Requires that {@code info} (null: PathNotFoundException) is one of the states from change
     * {@code from} to change {@code to}: the ones the path had while the stat ran.
     */
    private static void requireOneState(String path, int from, int to, FileInfo info, List<FileInfo> states) {
        for (int j = from; j <= to; j++) {
            FileInfo state = states.get(j);
            boolean same = info == null ? state == null
                    : state != null && !info.isDirectory() && state.size() == info.size() && state.modTime().equals(info.modTime());
            if (same) {
                return;
            }
        }
        List<FileInfo> during;
        synchronized (states) {
            during = new ArrayList<>(states.subList(from, to + 1));
        }
        throw new AssertionError("stat(" + path + ") racing putContent, move and delete gave "
                + (info == null ? "PathNotFoundException" : "size " + info.size() + ", modTime " + info.modTime())
                + ", but the states the path had during the call (after changes " + from + " to " + to + ") were "
                + describeStates(during) + ": not one of them");
    }

    private static String describeStates(List<FileInfo> states) {
        List<String> described = new ArrayList<>();
        for (FileInfo state : states) {
            described.add(state == null ? "missing" : state.size() + " bytes at " + state.modTime());
        }
        return described.toString();
    }

    /** Larger than common internal buffers (8, 64 KiB, 256 KiB), so a piecewise overwrite shows. */
    static final int SAME_LENGTH_SIZE = (320 << 10) + 5;
    /** Larger than socket and client buffers, so a stream still fetches bytes after the change. */
    static final int STREAM_SIZE = (1 << 20) + 7;

    /** {@code count} seeded contents of one size whose bytes differ pairwise at every position (count at most 256). */
    static List<byte[]> differentAtEveryByte(Random random, int count, int size) {
        byte[] base = Data.random(random, size);
        List<byte[]> contents = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            byte[] c = base.clone();
            for (int i = 0; i < size; i++) {
                c[i] += (byte) (k * (256 / count));
            }
            contents.add(c);
        }
        return contents;
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
