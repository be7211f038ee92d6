package dev.stowage.driver;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A storage backend seen as a tree of files under absolute, {@code /}-separated paths.
 *
 * <p><b>Paths.</b> Every path matches {@code ^(/[A-Za-z0-9._-]+)+$}, with segments of at most
 * 255 characters and at most 768 characters in all (see {@link StoragePath}); every driver stores
 * every such path, and paths are case-sensitive ({@code /b} and {@code /B} are two files). The
 * root {@code "/"} is accepted by {@link #list} and {@link #walk} only. Directories are
 * implicit: a directory exists while some file exists below it. Drivers obtained through
 * {@link StorageDrivers} are wrapped so that every path and offset is validated before the
 * driver sees it; an invalid one fails with {@link InvalidPathException} or
 * {@link InvalidOffsetException} and touches no storage.
 *
 * <p><b>Errors.</b> Every method throws a {@link StorageDriverException} (or a subclass) that
 * names the driver and the path: {@link PathNotFoundException} when nothing is at the path,
 * {@link UnsupportedMethodException} for an operation the backend cannot do. Any other failure
 * of the backend arrives wrapped in a plain {@link StorageDriverException} with its cause.
 *
 * <p><b>Threads.</b> Implementations are thread-safe: each call takes effect at one instant
 * between its start and its return (it is linearizable) — {@link #putContent}, {@link #move},
 * {@link #delete}, {@link FileWriter#commit()}, and the reads {@link #getContent}, {@link #stat}
 * and {@link #reader} (at its opening) — so what several threads observe is explainable by one
 * order of the calls that agrees with real time. Concurrent {@link #putContent} calls to one path
 * leave one call's whole content, at any size (parts of two calls never mix); concurrent writers
 * to one path never interleave. {@link #getContent} and {@link #reader} give one whole content
 * once put or committed at the path, never a mix, also when old and new have the same length (a
 * file is never rewritten in place). {@link #stat} gives the size and time of one state the path
 * had during the call, never one state's size with another's time. A stream from {@link #reader}
 * gives the content the path held when it was opened: if the path is overwritten, moved away or
 * deleted meanwhile, it goes on with that content or fails with an {@link IOException}, never with
 * other bytes. {@link #list} and {@link #walk} are not one instant: they never show a path that was
 * never created and never miss one that existed throughout the call. A path deleted or moved away
 * meanwhile may be reported missing, with {@link PathNotFoundException} only. A stream from
 * {@link #reader} and a {@link FileWriter} are for one thread at a time, like the JDK's streams.
 *
 * <p>The whole contract, with the validating wrapper's guarantees and how to run the conformance
 * kit on a driver, is written out in the project's {@code docs/storage-driver-contract.md}.
 */
public interface StorageDriver extends AutoCloseable {

    /** The registration name of this driver, for example {@code "s3"}; the same as its factory's. */
    String name();

    /**
     * Returns the whole content of a small file, in an array the caller owns: changing it never
     * changes the file or what later reads return. Meant for small files, it has no limit of its
     * own: it returns the whole file at any size an array holds ({@code Integer.MAX_VALUE - 8}
     * bytes), never a truncated array; callers stream bigger files with {@link #reader}.
     * {@link WholeContent} keeps this rule for drivers.
     *
     * @throws PathNotFoundException if no file is at {@code path} (a directory included)
     * @throws StorageDriverException naming the path and the size if the file is larger than an
     *     array holds, found before allocating (never an {@code OutOfMemoryError} or a
     *     {@code NegativeArraySizeException})
     */
    byte[] getContent(String path) throws IOException;

    /**
     * Stores {@code content} at {@code path}, creating parent directories and replacing any file
     * there atomically: a concurrent reader sees the old or the new content, never a mix. The
     * driver keeps no reference to {@code content}: changing the array after the call never
     * changes the stored file.
     */
    void putContent(String path, byte[] content) throws IOException;

    /**
     * Opens a stream of the file's bytes starting at {@code offset}; files past 2 GiB and 4 GiB
     * read right at every offset. The stream keeps the whole {@link InputStream} contract:
     * {@code read()} gives 0 to 255 and -1 only at the end; {@code read(b, off, len)} fills
     * {@code b} from {@code off} and nothing else; {@code skip} returns the bytes it really
     * skipped (never past the end) and the stream continues right after them; {@code available()}
     * never exceeds what is left; a second {@code close()} does nothing. No byte is dropped or
     * repeated at a block boundary of the driver's buffers, ranges or parts.
     *
     * <p>The stream may also be a {@link java.nio.channels.ReadableByteChannel} over the same
     * position (the filesystem driver's is), for callers that read into direct buffers: both ways
     * of reading give the same bytes, and may be mixed. It may also be a
     * {@link TransferableStream}, which sends its bytes to a channel itself (the filesystem
     * driver's maps the file). Wrappers such as {@link StorageDrivers#validating} keep both.
     *
     * @throws InvalidOffsetException if {@code offset < 0} or {@code offset >} the file's size,
     *     whatever the offset (past 2^31 and 2^32 included: an offset is never narrowed to an
     *     {@code int}); {@code offset ==} size gives an empty stream
     * @throws PathNotFoundException if no file is at {@code path} (a directory included)
     */
    InputStream reader(String path, long offset) throws IOException;

    /**
     * Opens an append-only writer for {@code path}. The content becomes readable at the path
     * exactly as written once {@link FileWriter#commit()} returns; before that the path may show
     * its earlier content, nothing, or part of the new content.
     *
     * <p>With {@code append == false} the writer starts afresh and discards any earlier
     * uncommitted content at once: cancelling the new writer does not bring the old session back,
     * and closing it without writing leaves a session of size 0. With {@code append == true} it continues an uncommitted writer that was
     * closed (its {@link FileWriter#size()} is what was written so far), or appends to a committed
     * file of length 0. Appending to non-empty committed content works where
     * {@link Capabilities#appendToCommitted()} says so and otherwise throws
     * {@link UnsupportedMethodException}.
     *
     * <p>A write that would take the size past {@link Capabilities#maxFileSize()} throws a
     * {@link StorageDriverException} naming the limit, takes none of that buffer's bytes and
     * leaves the writer open (see {@link AbstractFileWriter}).
     *
     * @throws PathNotFoundException if {@code append} is set and there is nothing to continue
     */
    FileWriter writer(String path, boolean append) throws IOException;

    /**
     * Describes the file or directory at {@code path}. Files carry their size and modification
     * time: a later overwrite never gives an earlier time, and a writer's commit never gives a
     * time earlier than any earlier change of the path (a {@code putContent} before the writer
     * opened or while its session was open or closed, an earlier commit). Directories have
     * {@link FileInfo#isDirectory()} set and size 0, and answer as {@link #walk} reports them (the
     * same modification time while nothing changed between).
     *
     * @throws PathNotFoundException if nothing is at {@code path}
     */
    FileInfo stat(String path) throws IOException;

    /**
     * Lists the direct children (files and directories) of a directory as absolute paths, sorted
     * ascending: all of them, each once, however many there are (a backend's page of 1,000 or
     * 5,000 is never a limit). {@code list("/")} of an empty store is an empty list.
     *
     * @throws PathNotFoundException if {@code path} is not a directory (missing, or a file)
     */
    List<String> list(String path) throws IOException;

    /**
     * Moves a file, replacing whatever file is at {@code destPath} and creating its parents. A
     * move of a file onto itself returns and leaves the file exactly as it was.
     *
     * @throws PathNotFoundException if no file is at {@code sourcePath} (a directory included:
     *     move moves files); nothing changes then
     * @throws StorageDriverException if {@code destPath} is an existing directory, naming it as a
     *     directory; source and directory stay untouched (an object store checks with one one-key
     *     listing of {@code destPath/})
     */
    void move(String sourcePath, String destPath) throws IOException;

    /**
     * Deletes the file or directory at {@code path} and everything below it, however many
     * entries that is (a backend's batch delete of 1,000 keys is one step, not all). Deleting
     * {@code /b} never touches a path that merely extends its name: {@code /bb}, {@code /b-c},
     * {@code /b.c}, {@code /B}. The uncommitted (closed) writer sessions there go too:
     * afterwards {@code writer(p, true)} there is {@link PathNotFoundException}. A writer open at
     * that moment may afterwards commit (its whole content appears) or fail with an
     * {@link IOException}, never leave a partial or mixed file.
     *
     * @throws PathNotFoundException if nothing is at {@code path}
     */
    void delete(String path) throws IOException;

    /**
     * Returns a URL from which a plain HTTP client can fetch the file's bytes (with
     * {@code request.method()}, GET or HEAD), or empty when this driver does not redirect (see
     * {@link Capabilities#redirect()}). A driver that redirects answers every request with a URL.
     *
     * <p>The URL stays valid for {@code request.expiry()}, or for the driver's longest expiry if
     * that is shorter: a request for longer is <em>clamped</em>, not refused. Backends cap the
     * lifetime of a signed URL (7 days for S3 and GCS V4 signatures and for an Azure SAS), and a
     * driver that redirects declares its cap as the parameter {@code redirectmaxexpiry} (at most
     * the backend's); a caller such as a registry asks for the lifetime it wants and always gets a
     * usable URL, and one that must know the actual lifetime reads that parameter.
     *
     * <p>For a missing file a driver without redirects returns empty; a redirecting driver either
     * throws {@link PathNotFoundException} or returns a URL whose GET and HEAD answer 404 (it need
     * not check: that would cost a request per redirect). Never another exception, never a URL
     * that serves content.
     */
    Optional<URI> redirectUrl(String path, RedirectRequest request) throws IOException;

    /**
     * Visits every file and directory below {@code path} once (not {@code path} itself), ascending
     * by path where a directory's path counts with a trailing {@code /}: a directory comes right
     * before its descendants and every subtree is contiguous. Every entry across a backend's pages
     * is visited, none twice, at any depth. The visitor's {@link WalkAction} steers the walk;
     * {@link WalkAction#SKIP_SUBTREE} on directory {@code /b} skips what is below {@code /b/} and
     * never a sibling such as {@code /b-c} or {@code /bb}.
     *
     * @throws PathNotFoundException if {@code path} is missing or is a file
     */
    void walk(String path, WalkVisitor visitor) throws IOException;

    /** What this driver can do; the conformance kit asserts exactly the declared behaviour. */
    Capabilities capabilities();

    /**
     * Releases the driver's resources. Content stored in a persistent backend stays. A second
     * {@code close()} does nothing: the driver keeps this itself. Every call after {@code close()}
     * throws a {@link StorageDriverException} saying the driver is closed (the validating wrapper
     * enforces it for every driver); streams and writers opened before may fail afterwards with
     * an {@link IOException}.
     */
    @Override
    void close() throws IOException;
}
