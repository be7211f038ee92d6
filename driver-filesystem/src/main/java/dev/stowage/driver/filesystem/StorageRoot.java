package dev.stowage.driver.filesystem;

import dev.stowage.driver.StorageDriverException;
import dev.stowage.driver.StoragePath;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/**
 * The root directory and how storage paths map below it: the visible tree, the private area
 * ({@code #stowage/}: {@code uploads/} mirrors the tree for uncommitted writers, {@code tmp/} holds
 * {@code putContent} files before their rename, {@code trash/} holds directories being deleted),
 * the symbolic-link guard, atomic placement, directory fsync and pruning of empty directories.
 */
final class StorageRoot {

    static final String PRIVATE_DIR = "#stowage";
    private static final int RETRIES = 16;

    /** What lies on the way from the root to a path (its ancestors, not the path itself). */
    enum Ancestry {
        /** Every ancestor is a real directory. */
        PRESENT,
        /** Some ancestor does not exist (and none before it is a link or a file). */
        MISSING,
        /** Some ancestor is a symbolic link. */
        LINKED,
        /** Some ancestor is a file or something else that is not a directory. */
        NOT_DIRECTORY
    }

    final Path dir;
    final Path uploads;
    final Path tmp;
    final Path trash;

    private StorageRoot(Path dir) {
        this.dir = dir;
        Path privateDir = dir.resolve(PRIVATE_DIR);
        this.uploads = privateDir.resolve("uploads");
        this.tmp = privateDir.resolve("tmp");
        this.trash = privateDir.resolve("trash");
    }

    /** Creates the root if missing and proves it writable by creating and removing a file. */
    static StorageRoot open(Path configured) throws IOException {
        Path absolute = configured.toAbsolutePath().normalize();
        Files.createDirectories(absolute);
        StorageRoot root = new StorageRoot(absolute.toRealPath());
        Files.createDirectories(root.uploads);
        Files.createDirectories(root.tmp);
        Files.createDirectories(root.trash);
        Path probe = Files.createTempFile(root.tmp, "probe-", null);
        Files.delete(probe);
        root.recover();
        return root;
    }

    /** How old a temporary file must be before it can be taken for a dead writer's. */
    static final java.time.Duration TEMP_GRACE = java.time.Duration.ofSeconds(2);

    /**
     * Removes what processes that died (killed, crashed) left in the private folder: trees that
     * were being deleted ({@code trash/}: garbage by definition; a live deleter racing this one
     * tolerates missing files), empty upload directories whose visible counterpart is gone, and
     * {@code putContent} files that were never renamed
     * ({@code tmp/}: a live writer holds a lock on its file from creation to rename, so a file
     * older than {@link #TEMP_GRACE} whose lock can be taken is a dead writer's). Best effort:
     * what cannot be removed now is left for the next opening.
     */
    void recover() {
        java.time.Instant cutoff = java.time.Instant.now().minus(TEMP_GRACE);
        try (var entries = Files.newDirectoryStream(trash)) {
            for (Path doomed : entries) {
                try {
                    deleteTree(doomed);
                } catch (IOException e) {
                    // left for the next opening
                }
            }
        } catch (IOException e) {
            // left for the next opening
        }
        try (var entries = Files.newDirectoryStream(tmp)) {
            for (Path temp : entries) {
                removeIfAbandoned(temp, cutoff);
            }
        } catch (IOException e) {
            // left for the next opening
        }
        try {
            sweepUploads();
        } catch (IOException e) {
            // left for the next opening
        }
    }

    private static void removeIfAbandoned(Path temp, java.time.Instant cutoff) {
        try {
            java.time.Instant modified = Files.getLastModifiedTime(temp, LinkOption.NOFOLLOW_LINKS).toInstant();
            if (modified.isAfter(cutoff) && modified.isBefore(java.time.Instant.now().plus(TEMP_GRACE))) {
                return; // just created: maybe a live writer that has not taken its lock yet
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                 java.nio.channels.FileLock lock = channel.tryLock()) {
                if (lock != null) {
                    Files.deleteIfExists(temp);
                }
            } catch (java.nio.channels.OverlappingFileLockException e) {
                // this process is writing it
            }
        } catch (IOException e) {
            // gone already, or left for the next opening
        }
    }

    /** A short text for a file system failure, naming the file when the JDK gives it. */
    static String describe(IOException e) {
        if (e instanceof FileSystemException fse) {
            String reason = fse.getReason();
            String kind = e.getClass().getSimpleName();
            return kind + " on " + fse.getFile() + (reason == null ? "" : " (" + reason + ")");
        }
        return e.toString();
    }

    /** The visible location of a storage path (or of the root for {@code "/"}). */
    Path resolve(String path) {
        return StoragePath.ROOT.equals(path) ? dir : dir.resolve(path.substring(1));
    }

    /** Where an uncommitted writer for {@code path} keeps its bytes. */
    Path upload(String path) {
        return uploads.resolve(path.substring(1));
    }

    /** A fresh private file name for a {@code putContent} before its rename. */
    Path newTemp() {
        return tmp.resolve(UUID.randomUUID().toString());
    }

    /** Whether {@code name} can be a segment of a storage path; anything else is invisible. */
    static boolean isVisibleName(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c == '.' || c == '_' || c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                return false;
            }
        }
        return true;
    }

    /** Inspects each ancestor of a valid non-root {@code path} below the root without following links. */
    Ancestry ancestry(String path) throws IOException {
        Path current = dir;
        int start = 1;
        int slash;
        while ((slash = path.indexOf('/', start)) > 0) {
            current = current.resolve(path.substring(start, slash));
            start = slash + 1;
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(current, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return Ancestry.MISSING;
            } catch (FileSystemException e) {
                if (isNotDirectory(e)) {
                    return Ancestry.NOT_DIRECTORY;
                }
                throw e;
            }
            if (attributes.isSymbolicLink()) {
                return Ancestry.LINKED;
            }
            if (!attributes.isDirectory()) {
                return Ancestry.NOT_DIRECTORY;
            }
        }
        return Ancestry.PRESENT;
    }

    /**
     * {@link Files#createDirectories}, made safe against a concurrent prune: that call creates a
     * directory, finds it exists, then checks it is a directory, and fails with
     * {@link FileAlreadyExistsException} when a prune removed it in between. Only something that
     * is not a directory blocking the way is a real failure.
     */
    static void createDirectories(Path directory) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                Files.createDirectories(directory);
                return;
            } catch (FileAlreadyExistsException e) {
                BasicFileAttributes blocking = e.getFile() == null ? null : attributes(Path.of(e.getFile()));
                if ((blocking != null && !blocking.isDirectory()) || attempt >= RETRIES) {
                    throw e;
                }
            }
        }
    }

    /** Attributes of {@code file} without following a link, or null when nothing is there. */
    static BasicFileAttributes attributes(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (FileSystemException e) {
            if (isNotDirectory(e)) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Whether the failure is ENOTDIR: a file stands where a directory was expected. Decided by the
     * file system, not the message (whose text depends on the platform and locale): the nearest
     * ancestor of the failed file that can be read is not a directory.
     */
    private static boolean isNotDirectory(FileSystemException e) {
        if (e.getFile() == null) {
            return false;
        }
        for (Path ancestor = Path.of(e.getFile()).getParent(); ancestor != null; ancestor = ancestor.getParent()) {
            try {
                return !Files.readAttributes(ancestor, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isDirectory();
            } catch (IOException unreadable) {
                // missing, or itself below a file: the next ancestor up decides
            }
        }
        return false;
    }

    /**
     * Refuses a write to {@code path} when an ancestor is a symbolic link or a file, and returns
     * whether the ancestors all exist already.
     */
    boolean checkWritable(String path) throws IOException {
        Ancestry ancestry = ancestry(path);
        switch (ancestry) {
            case LINKED:
                throw new StorageDriverException(null, path, "refusing to write through a symbolic link below the root");
            case NOT_DIRECTORY:
                throw new StorageDriverException(null, path, "a parent of the path is a file, not a directory");
            case MISSING:
                return false;
            default:
                return true;
        }
    }

    /**
     * Renames the private file {@code source} to the storage path {@code path}, replacing what is
     * there atomically and creating missing parents, then fsyncs the target directory. Retries when
     * a concurrent {@code delete} prunes a freshly created parent.
     *
     * @throws NoSuchFileException only if {@code source} is gone
     */
    void place(Path source, String path) throws IOException {
        place(source, path, checkWritable(path));
    }

    /**
     * {@link #place(Path, String)} for a caller that has just {@linkplain #checkWritable checked}
     * the path: {@code parentsPresent} is what that check answered. Parents deleted since are
     * recreated as there.
     */
    void place(Path source, String path, boolean parentsPresent) throws IOException {
        Path target = resolve(path);
        for (int attempt = 0; ; attempt++) {
            try {
                if (!parentsPresent) {
                    createDirectories(target.getParent());
                }
                Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
                break;
            } catch (NoSuchFileException e) {
                if (attributes(source) == null) {
                    throw e;
                }
                if (attempt >= RETRIES) {
                    throw new FileSystemException(source.toString(), target.toString(), "the parents of " + path
                            + " were deleted again each time they were created, " + (RETRIES + 1) + " times");
                }
                parentsPresent = checkWritable(path);
            } catch (AtomicMoveNotSupportedException e) {
                placeAcrossFileSystems(source, target);
                break;
            }
        }
        try {
            fsyncDirectory(target.getParent());
        } catch (NoSuchFileException deletedSince) {
            // a concurrent delete removed the directory after the rename: nothing of it is left to make durable
        }
    }

    /** The target lies on another mount below the root: copy next to it, then rename there. */
    private void placeAcrossFileSystems(Path source, Path target) throws IOException {
        Path sibling = target.resolveSibling(target.getFileName() + "#" + UUID.randomUUID());
        try {
            Files.copy(source, sibling, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            try (FileChannel channel = FileChannel.open(sibling, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(sibling, target, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(source);
        } finally {
            Files.deleteIfExists(sibling);
        }
    }

    /** Makes a directory's entries durable. */
    static void fsyncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Removes {@code start} and its ancestors while they are empty, stopping below {@code stop}. */
    static void pruneEmptyDirectories(Path start, Path stop) {
        Path current = start;
        while (current != null && current.startsWith(stop) && !current.equals(stop)) {
            try {
                Files.delete(current);
            } catch (NoSuchFileException e) {
                // already gone: go on upwards
            } catch (DirectoryNotEmptyException e) {
                return;
            } catch (IOException e) {
                return; // not ours to remove (a file, permissions): leave it
            }
            current = current.getParent();
        }
    }

    /** Removes the empty directories above a removed visible entry at {@code file}. */
    void pruneVisible(Path file) {
        pruneEmptyDirectories(file.getParent(), dir);
    }

    /**
     * Removes the empty private directories above a removed upload at {@code file}, up to the first
     * whose visible counterpart is a directory: the next upload below that directory finds its
     * private parents there (a registry upload would otherwise create and remove eight of them
     * each time). The private tree so holds directories only where the visible tree has them;
     * one whose visible counterpart went later is swept by {@link #recover} or by the next prune
     * that passes it.
     */
    void pruneUploads(Path file) {
        Path current = file.getParent();
        while (current != null && current.startsWith(uploads) && !current.equals(uploads)) {
            try {
                BasicFileAttributes visible = attributes(dir.resolve(uploads.relativize(current)));
                if (visible != null && visible.isDirectory()) {
                    return;
                }
                Files.delete(current);
            } catch (NoSuchFileException e) {
                // already gone: go on upwards
            } catch (IOException e) {
                return; // not empty (another upload below), or not ours to remove: leave it
            }
            current = current.getParent();
        }
    }

    /** Removes private upload directories that hold no upload and whose visible counterpart is gone, deepest first. */
    private void sweepUploads() throws IOException {
        Files.walkFileTree(uploads, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException exc) {
                if (exc == null && !directory.equals(uploads)) {
                    try {
                        BasicFileAttributes visible = attributes(dir.resolve(uploads.relativize(directory)));
                        if (visible == null || !visible.isDirectory()) {
                            Files.delete(directory); // fails when it still holds an upload
                        }
                    } catch (IOException e) {
                        // holds an upload, or left for the next opening
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Deletes a visible directory and everything below it: it is first renamed into the trash, so
     * it vanishes at once and concurrent writers below it start a new tree, then removed there.
     * Links inside are removed, never followed.
     *
     * @return false if the directory was gone before it could be renamed: a concurrent delete, or
     *     a prune after its last file was moved or deleted
     */
    boolean deleteDirectory(Path directory) throws IOException {
        Path doomed = trash.resolve(UUID.randomUUID().toString());
        try {
            Files.move(directory, doomed, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            if (attributes(trash) == null) {
                throw e;
            }
            return false;
        } catch (AtomicMoveNotSupportedException | DirectoryNotEmptyException e) {
            doomed = directory; // a mount point below the root: remove in place
        }
        deleteTree(doomed);
        return true;
    }

    /** Deletes a file or a directory tree in place without following links; missing is fine. */
    static void deleteTree(Path top) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                Files.walkFileTree(top, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        Files.deleteIfExists(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                        if (exc instanceof NoSuchFileException) {
                            return FileVisitResult.CONTINUE;
                        }
                        throw exc;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path directory, IOException exc) throws IOException {
                        if (exc != null && !(exc instanceof NoSuchFileException)) {
                            throw exc;
                        }
                        Files.deleteIfExists(directory);
                        return FileVisitResult.CONTINUE;
                    }
                });
                return;
            } catch (DirectoryNotEmptyException e) {
                if (attempt >= RETRIES) {
                    throw e; // something keeps writing below
                }
            }
        }
    }
}
