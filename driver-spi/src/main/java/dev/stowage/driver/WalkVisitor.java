package dev.stowage.driver;

import java.io.IOException;

/**
 * Called by {@link StorageDriver#walk} once per entry, in walk order. An exception thrown here
 * ends the walk and propagates out of {@code walk}.
 */
@FunctionalInterface
public interface WalkVisitor {

    /** Visits one entry and says how the walk goes on. */
    WalkAction visit(FileInfo entry) throws IOException;
}
