package dev.stowage.driver;

/** What a {@link WalkVisitor} tells {@link StorageDriver#walk} to do next. */
public enum WalkAction {
    /** Go on with the next entry, descending into a directory just visited. */
    CONTINUE,
    /** Skip the descendants of the directory just visited; on a file, the same as {@link #CONTINUE}. */
    SKIP_SUBTREE,
    /** End the walk; {@code walk} returns normally. */
    STOP
}
