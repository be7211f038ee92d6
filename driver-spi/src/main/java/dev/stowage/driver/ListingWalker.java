package dev.stowage.driver;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@link StorageDriver#walk} for drivers with no flat listing: it lists each directory and stats
 * each child, visiting in walk order (ascending by path, a directory counting with a trailing
 * {@code /}). An entry deleted while the walk runs is passed over, not an error.
 */
public final class ListingWalker {

    private ListingWalker() {}

    /**
     * Walks below {@code path} (a directory, or the root) using {@code driver}'s {@code list} and
     * {@code stat}.
     *
     * @throws PathNotFoundException if {@code path} is missing or a file
     */
    public static void walk(StorageDriver driver, String path, WalkVisitor visitor) throws IOException {
        walkChildren(driver, driver.list(path), visitor);
    }

    /** Returns false when the visitor asked to stop. */
    private static boolean walkChildren(StorageDriver driver, List<String> children, WalkVisitor visitor) throws IOException {
        List<FileInfo> entries = new ArrayList<>(children.size());
        for (String child : children) {
            try {
                entries.add(driver.stat(child));
            } catch (PathNotFoundException gone) {
                // deleted while walking
            }
        }
        entries.sort(Comparator.comparing(e -> StoragePath.walkKey(e.path(), e.isDirectory())));
        for (FileInfo entry : entries) {
            WalkAction action = visitor.visit(entry);
            if (action == WalkAction.STOP) {
                return false;
            }
            if (entry.isDirectory() && action == WalkAction.CONTINUE) {
                List<String> grandchildren;
                try {
                    grandchildren = driver.list(entry.path());
                } catch (PathNotFoundException gone) {
                    continue;
                }
                if (!walkChildren(driver, grandchildren, visitor)) {
                    return false;
                }
            }
        }
        return true;
    }
}
