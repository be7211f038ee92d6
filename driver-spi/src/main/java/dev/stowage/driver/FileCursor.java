package dev.stowage.driver;

import java.io.IOException;
import java.util.Iterator;

/**
 * The files of one flat listing, read one at a time, for {@link FlatListingWalker}. Unlike an
 * {@link Iterator}, reading the next file may fail with the backend's {@link IOException}, so a
 * driver over a paged listing fetches the next page inside {@link #next()} and reports its failure
 * as a {@link StorageDriverException} directly.
 *
 * <p>A cursor is read by one thread, once, from start to end (or until its reader stops).
 */
@FunctionalInterface
public interface FileCursor {

    /**
     * Returns the next file, or {@code null} once the listing has ended; after {@code null} every
     * further call returns {@code null} too.
     *
     * @throws IOException if the backend fails to give the next file
     */
    FileInfo next() throws IOException;

    /** A cursor over files already at hand (an in-memory map, a listing read whole). */
    static FileCursor of(Iterator<FileInfo> files) {
        return () -> files.hasNext() ? files.next() : null;
    }
}
