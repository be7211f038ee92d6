package dev.stowage.driver.filesystem;

import dev.stowage.driver.DriverParameters;
import dev.stowage.driver.InvalidParameterException;
import dev.stowage.driver.ParameterSpec;
import dev.stowage.driver.ParameterType;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDriverFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes {@code filesystem} drivers, which keep each file at the same relative path below a root
 * directory of the local file system (the layout of the Go registry's filesystem driver, so both
 * can share one root).
 *
 * <p>Parameters:
 * <ul>
 *   <li>{@code rootdirectory} (default {@value #DEFAULT_ROOT}): the root. It is created when
 *       missing; one that cannot be created or written fails {@link #create} with an
 *       {@link InvalidParameterException} naming the key and the directory.</li>
 *   <li>{@code maxthreads} (default {@value #DEFAULT_MAX_THREADS}, at least
 *       {@value #MIN_MAX_THREADS}): how many driver calls may work on the file system at once;
 *       more wait their turn. Counted are the calls themselves ({@code getContent},
 *       {@code putContent}, {@code stat}, {@code list}, {@code move}, {@code delete}, opening a
 *       reader or a writer, and each directory a {@code walk} reads), not the reads from an open
 *       reader's stream nor the writes to an open writer. A smaller value is refused.</li>
 *   <li>{@code directwrites} (default true): whether writers write full buffers with
 *       {@code O_DIRECT}, past the page cache, where the file system allows it (a Stowage
 *       addition; the Go registry ignores the key). Large uploads then cost less CPU and page
 *       cache and are fsynced at commit in little time; a blob read soon after its upload comes
 *       from the device rather than from memory.</li>
 * </ul>
 *
 * <p>Contract of the drivers made here, beyond the SPI's:
 * <ul>
 *   <li>{@code putContent} and {@code FileWriter.commit} write a private file, fsync it, rename it
 *       over the target atomically and fsync the target's directory: readers see the old or the
 *       new content, never a mix, and a crash leaves one of the two.</li>
 *   <li>Uncommitted writer content lives in a private area of the root ({@value #PRIVATE_DIR},
 *       a name no valid path can spell), never at the path itself, so it never shows in
 *       {@code stat}, {@code list} or {@code walk}. Appending to committed content is supported
 *       (it copies the committed bytes into the new upload); a second writer for a path that has
 *       one open is refused with an {@link IOException} (across processes sharing the root through an
 *       advisory file lock on the upload).</li>
 *   <li>Symbolic links below the root are never followed: a path through one reads as missing and
 *       cannot be written; {@code list} and {@code walk} leave links out; {@code delete} of a
 *       directory removes links inside it, never what they point to.</li>
 *   <li>Directories left empty by {@code delete} or {@code move} are removed up to the root.</li>
 *   <li>Modification times come from a clock that never goes back within one driver.</li>
 * </ul>
 */
public final class FilesystemDriverFactory implements StorageDriverFactory {

    /** The registration name. */
    public static final String NAME = "filesystem";
    /** The root used when {@code rootdirectory} is not given (the Go registry's default). */
    public static final String DEFAULT_ROOT = "/var/lib/registry";
    /** The default of {@code maxthreads}. */
    public static final long DEFAULT_MAX_THREADS = 100;
    /** The smallest accepted {@code maxthreads}. */
    public static final long MIN_MAX_THREADS = 25;
    /** The name of the driver's private directory right below the root. */
    public static final String PRIVATE_DIR = StorageRoot.PRIVATE_DIR;

    static final String ROOT_DIRECTORY = "rootdirectory";
    static final String MAX_THREADS = "maxthreads";
    static final String DIRECT_WRITES = "directwrites";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StorageDriver create(DriverParameters bound) throws IOException {
        long maxThreads = bound.getInteger(MAX_THREADS);
        if (maxThreads < MIN_MAX_THREADS) {
            throw bound.invalid(MAX_THREADS, "must be at least " + MIN_MAX_THREADS + ", got " + maxThreads);
        }
        if (maxThreads > Integer.MAX_VALUE) {
            throw bound.invalid(MAX_THREADS, "must be at most " + Integer.MAX_VALUE + ", got " + maxThreads);
        }
        String rootText = bound.getString(ROOT_DIRECTORY);
        if (rootText.isBlank()) {
            throw bound.invalid(ROOT_DIRECTORY, "must not be empty");
        }
        Path root;
        try {
            root = Path.of(rootText);
        } catch (java.nio.file.InvalidPathException e) {
            throw bound.invalid(ROOT_DIRECTORY, "'" + rootText + "' is not a usable path: " + e.getMessage());
        }
        StorageRoot storageRoot;
        try {
            storageRoot = StorageRoot.open(root);
        } catch (IOException e) {
            throw bound.invalid(ROOT_DIRECTORY, "cannot use '" + root.toAbsolutePath() + "' as the root directory: "
                    + StorageRoot.describe(e));
        }
        return new FilesystemDriver(storageRoot, (int) maxThreads, FilesystemWriter.DEFAULT_BUFFER_SIZE,
                bound.getBoolean(DIRECT_WRITES));
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.optional(ROOT_DIRECTORY, ParameterType.STRING, DEFAULT_ROOT,
                        "root directory of the stored tree; created when missing"),
                ParameterSpec.optional(MAX_THREADS, ParameterType.INTEGER, DEFAULT_MAX_THREADS,
                        "most driver calls working on the file system at once, at least " + MIN_MAX_THREADS
                                + " (reads from open readers and writes to open writers are not counted)"),
                ParameterSpec.optional(DIRECT_WRITES, ParameterType.BOOLEAN, true,
                        "write full buffers of uploads past the page cache (O_DIRECT) where the file system allows it"));
    }
}
