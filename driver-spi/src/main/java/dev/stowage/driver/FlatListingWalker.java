package dev.stowage.driver;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * {@link StorageDriver#walk} for drivers with a flat, sorted key listing (S3, Azure, GCS): it
 * turns one stream of files, ascending by path, into walk order, making up each directory entry
 * right before its first descendant. It never lists or stats per entry.
 */
public final class FlatListingWalker {

    private FlatListingWalker() {}

    /**
     * Walks below {@code path}.
     *
     * @param path the directory walked (or the root); not itself visited
     * @param files every file strictly below {@code path}, ascending by path (the order of an
     *     object-key listing); read lazily and only as far as the walk goes, so a paged listing is
     *     never held whole
     * @param directoryTime the modification time given to made-up directory entries
     * @throws PathNotFoundException if {@code path} is not the root and {@code files} is empty
     * @throws IOException what {@code files} or {@code visitor} throws, unchanged
     * @throws IllegalStateException if {@code files} is out of order or outside {@code path}
     */
    public static void walk(String path, FileCursor files, Instant directoryTime, WalkVisitor visitor)
            throws IOException {
        boolean isRoot = StoragePath.ROOT.equals(path);
        FileInfo file = files.next();
        if (file == null) {
            if (isRoot) {
                return;
            }
            throw new PathNotFoundException(path);
        }
        Deque<String> openDirectories = new ArrayDeque<>(); // directories visited that enclose the current file
        String skipping = null;
        String previous = null;
        int start = isRoot ? 0 : path.length();
        for (; file != null; file = files.next()) {
            String p = file.path();
            if (!StoragePath.isSameOrBelow(p, path) || p.equals(path)) {
                throw new IllegalStateException("listing gave " + p + ", which is not below " + path);
            }
            if (previous != null && previous.compareTo(p) >= 0) {
                throw new IllegalStateException("listing is not ascending: " + previous + " before " + p);
            }
            previous = p;
            if (skipping != null && StoragePath.isSameOrBelow(p, skipping)) {
                continue;
            }
            skipping = null;
            while (!openDirectories.isEmpty() && !StoragePath.isSameOrBelow(p, openDirectories.peek())) {
                openDirectories.pop();
            }
            // visit the ancestors of p below path that are not open yet, shallowest first
            int from = openDirectories.isEmpty() ? start : openDirectories.peek().length();
            int slash = p.indexOf('/', from + 1);
            boolean skipFile = false;
            while (slash > 0) {
                String directory = p.substring(0, slash);
                WalkAction action = visitor.visit(FileInfo.directory(directory, directoryTime));
                if (action == WalkAction.STOP) {
                    return;
                }
                if (action == WalkAction.SKIP_SUBTREE) {
                    skipping = directory;
                    skipFile = true;
                    break;
                }
                openDirectories.push(directory);
                slash = p.indexOf('/', slash + 1);
            }
            if (skipFile) {
                continue;
            }
            if (visitor.visit(file) == WalkAction.STOP) {
                return;
            }
        }
    }
}
