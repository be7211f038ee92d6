package dev.stowage.driver;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.Optional;

/**
 * An append-only writer returned by {@link StorageDriver#writer(String, boolean)}. It has no
 * random access: bytes are appended in the order written.
 *
 * <p>Exactly one of three endings applies: {@link #commit()} makes the content readable at the
 * path; {@link #cancel()} discards everything written, earlier sessions included; {@link #close()}
 * without either keeps the content for a later {@code writer(path, true)}. After any of them,
 * {@link #write}, {@code commit()} and {@code cancel()} throw an {@link IOException}, and
 * {@code close()} does nothing. A {@code commit()} or {@code cancel()} that throws ends the writer
 * too; what the backend then holds is whatever the failure left.
 *
 * <p>{@link #write} takes any {@code ByteBuffer}: heap or direct, read-only, a slice with a
 * non-zero {@code arrayOffset()}, any position and limit. It reads only the bytes between the
 * position and the limit, changes neither them nor the limit, and keeps no reference to the buffer
 * once it returns. It takes every remaining byte (a blocking channel), returns how many it took
 * and advances the position by exactly as many; an empty buffer is a no-op returning 0, not an
 * end: the writer stays open. Callers still honour the return value and the position.
 *
 * <p>A later {@code writer(path, false)} discards a closed session at once, and
 * {@code delete} of the path or a directory above it discards it too. A write that would take the
 * size past {@link Capabilities#maxFileSize()} throws a {@link StorageDriverException} naming the
 * limit, takes none of that buffer's bytes and leaves the writer open.
 *
 * <p>Drivers implement it by extending {@link AbstractFileWriter}, which keeps these rules.
 */
public interface FileWriter extends WritableByteChannel {

    /** Bytes in the file so far, earlier sessions of a continued writer included. */
    long size();

    /** Makes exactly the bytes written (in all sessions) readable at the path. */
    void commit() throws IOException;

    /** Discards everything written, earlier sessions included. */
    void cancel() throws IOException;

    /**
     * A tag of the bytes the backend holds for this writer's session: after {@link #close()}, of
     * what the close kept; on a writer just returned by {@code writer(path, true)}, before any
     * write, of what it continues. Two sessions tagged alike hold the same bytes, so a caller that
     * saved the tag a close gave can tell, on continuing, whether the session is still exactly
     * what it closed (on a backend without {@link Capabilities#exclusiveWriters()}, another process
     * may have continued it meanwhile); and a {@link #commit()} of a writer so continued publishes
     * only the bytes the tag names plus those written since, or fails. Empty at any other moment
     * (open with bytes written, committed, cancelled, after a close that threw) and from drivers
     * that cannot tell, the default. A driver builds it with {@link SessionTag#of} from names its
     * backend gives only to the same bytes, when {@link AbstractFileWriter#sessionSettled()}.
     */
    default Optional<String> sessionTag() {
        return Optional.empty();
    }
}
