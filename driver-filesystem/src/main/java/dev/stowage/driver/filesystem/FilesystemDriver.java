package dev.stowage.driver.filesystem;

import dev.stowage.driver.Capabilities;
import dev.stowage.driver.FileInfo;
import dev.stowage.driver.FileWriter;
import dev.stowage.driver.InvalidOffsetException;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.RedirectRequest;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDriverException;
import dev.stowage.driver.StoragePath;
import dev.stowage.driver.WalkAction;
import dev.stowage.driver.WalkVisitor;
import dev.stowage.driver.WholeContent;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Files below a root directory. Committed content is only ever replaced by an atomic rename, so
 * an open reader keeps the content it opened. Uncommitted writers live in the root's private
 * upload area; one writer per path at a time (in this driver by a claim map, across processes by
 * a file lock on the upload). Every blocking call holds one of {@code maxthreads} permits; a walk
 * holds one only while it reads a directory, never while the visitor runs.
 */
final class FilesystemDriver implements StorageDriver {

    private static final Capabilities CAPABILITIES = Capabilities.basic().withAppendToCommitted(true).withExclusiveWriters(true)
            .withAtomicCommit(true); // a writer fills a private upload file, renamed over the path on commit

    private final StorageRoot root;
    private final Regulator regulator;
    private final FilesystemWriter.Resources writerResources;
    /** The paths that have an open writer in this driver, each with its writer's claim. */
    private final ConcurrentHashMap<String, Object> claims = new ConcurrentHashMap<>();
    private final Object clockLock = new Object();
    private Instant lastModTime = Instant.EPOCH;

    FilesystemDriver(StorageRoot root, int maxThreads, int bufferSize, boolean directWrites) {
        this.root = root;
        this.regulator = new Regulator(maxThreads);
        DirectWrites direct = DirectWrites.forRoot(root.dir, bufferSize, directWrites);
        this.writerResources = new FilesystemWriter.Resources(root, new BufferPool(bufferSize, direct.alignment(), 16),
                direct, this::nextModTime);
    }

    @Override
    public String name() {
        return FilesystemDriverFactory.NAME;
    }

    Regulator regulator() {
        return regulator;
    }

    @Override
    public byte[] getContent(String path) throws IOException {
        return regulator.run(() -> {
            try (FileChannel channel = openFile(path)) {
                long size = channel.size();
                WholeContent.requireArraySize(path, size);
                ByteBuffer content = ByteBuffer.allocate((int) size);
                while (content.hasRemaining() && channel.read(content) >= 0) {
                    // read on
                }
                return content.hasRemaining() ? Arrays.copyOf(content.array(), content.position()) : content.array();
            }
        });
    }

    @Override
    public void putContent(String path, byte[] content) throws IOException {
        regulator.run(() -> {
            boolean parentsPresent = root.checkWritable(path);
            Path temp = root.newTemp();
            boolean placed = false;
            try {
                // The lock, held from creation to rename, tells a recovering process that the file
                // is not a dead writer's (StorageRoot.recover).
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                     java.nio.channels.FileLock lock = channel.lock()) {
                    ByteBuffer source = ByteBuffer.wrap(content);
                    while (source.hasRemaining()) {
                        channel.write(source);
                    }
                    Files.setLastModifiedTime(temp, FileTime.from(nextModTime()));
                    channel.force(true);
                    root.place(temp, path, parentsPresent);
                    placed = true;
                }
            } finally {
                if (!placed) {
                    Files.deleteIfExists(temp);
                }
            }
            return null;
        });
    }

    @Override
    public InputStream reader(String path, long offset) throws IOException {
        return regulator.run(() -> {
            FileChannel channel = openFile(path);
            try {
                long size = channel.size();
                if (offset > size) {
                    throw new InvalidOffsetException(path, offset, size);
                }
                channel.position(offset);
                return new FileChannelInputStream(channel);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        });
    }

    @Override
    public FileWriter writer(String path, boolean append) throws IOException {
        return regulator.run(() -> {
            root.checkWritable(path);
            Object claim = new Object();
            if (claims.putIfAbsent(path, claim) != null) {
                throw new StorageDriverException(null, path, "another writer is open for this path");
            }
            Runnable unclaim = () -> claims.remove(path, claim);
            try {
                return openWriter(path, append, unclaim);
            } catch (IOException | RuntimeException | Error e) {
                unclaim.run();
                throw e;
            }
        });
    }

    private FilesystemWriter openWriter(String path, boolean append, Runnable unclaim) throws IOException {
        if (!append) {
            return FilesystemWriter.fresh(path, writerResources, unclaim);
        }
        Optional<FilesystemWriter> continued = FilesystemWriter.continued(path, writerResources, unclaim);
        if (continued.isPresent()) {
            return continued.get();
        }
        FileChannel committed;
        try {
            committed = openFile(path);
        } catch (PathNotFoundException e) {
            throw new PathNotFoundException(path, "no uncommitted or committed content to append to");
        }
        try (committed) {
            return FilesystemWriter.copying(path, writerResources, committed, unclaim);
        }
    }

    @Override
    public FileInfo stat(String path) throws IOException {
        return regulator.run(() -> {
            if (root.ancestry(path) != StorageRoot.Ancestry.PRESENT) {
                throw new PathNotFoundException(path);
            }
            BasicFileAttributes attributes = StorageRoot.attributes(root.resolve(path));
            if (attributes == null) {
                throw new PathNotFoundException(path);
            }
            FileInfo info = toInfo(path, attributes);
            if (info == null) {
                throw new PathNotFoundException(path, "not a regular file or directory (symbolic links are not followed)");
            }
            return info;
        });
    }

    @Override
    public List<String> list(String path) throws IOException {
        return regulator.run(() -> {
            List<Entry> entries = readDirectory(path);
            List<String> children = new ArrayList<>(entries.size());
            for (Entry entry : entries) {
                children.add(entry.info().path());
            }
            children.sort(null);
            return children;
        });
    }

    @Override
    public void move(String sourcePath, String destPath) throws IOException {
        regulator.run(() -> {
            Path source = root.resolve(sourcePath);
            if (root.ancestry(sourcePath) != StorageRoot.Ancestry.PRESENT) {
                throw new PathNotFoundException(sourcePath, "no file to move");
            }
            BasicFileAttributes attributes = StorageRoot.attributes(source);
            if (attributes == null || !attributes.isRegularFile()) {
                throw new PathNotFoundException(sourcePath, "no file to move");
            }
            if (sourcePath.equals(destPath)) {
                return null;
            }
            BasicFileAttributes target = StorageRoot.attributes(root.resolve(destPath));
            if (target != null && target.isDirectory()) { // rename(2) would fail with EISDIR; say it in the contract's words
                throw new StorageDriverException(null, destPath, "cannot move " + sourcePath + " onto the directory");
            }
            try {
                root.place(source, destPath);
            } catch (NoSuchFileException e) {
                // the source went (a concurrent delete or move) between the check above and the rename
                throw new PathNotFoundException(sourcePath, "no file to move");
            }
            root.pruneVisible(source);
            root.pruneUploads(root.upload(sourcePath));
            return null;
        });
    }

    @Override
    public void delete(String path) throws IOException {
        regulator.run(() -> {
            boolean found = false;
            if (root.ancestry(path) == StorageRoot.Ancestry.PRESENT) {
                Path target = root.resolve(path);
                BasicFileAttributes attributes = StorageRoot.attributes(target);
                if (attributes != null && attributes.isRegularFile()) {
                    found = Files.deleteIfExists(target);
                } else if (attributes != null && attributes.isDirectory()) {
                    found = root.deleteDirectory(target);
                }
                if (found) {
                    root.pruneVisible(target);
                }
            }
            Path upload = root.upload(path);
            if (StorageRoot.attributes(upload) != null) {
                StorageRoot.deleteTree(upload);
            }
            root.pruneUploads(upload); // private directories whose visible counterparts went with it
            if (!found) {
                throw new PathNotFoundException(path);
            }
            return null;
        });
    }

    @Override
    public Optional<URI> redirectUrl(String path, RedirectRequest request) {
        return Optional.empty();
    }

    @Override
    public void walk(String path, WalkVisitor visitor) throws IOException {
        List<Entry> top = regulator.run(() -> readDirectory(path));
        walkEntries(top, visitor);
    }

    /** Visits entries in walk order, descending into directories; false when the visitor stopped. */
    private boolean walkEntries(List<Entry> entries, WalkVisitor visitor) throws IOException {
        entries.sort(Comparator.comparing(Entry::walkKey));
        for (Entry entry : entries) {
            WalkAction action = visitor.visit(entry.info());
            if (action == WalkAction.STOP) {
                return false;
            }
            if (entry.info().isDirectory() && action == WalkAction.CONTINUE) {
                List<Entry> children;
                try {
                    children = regulator.run(() -> readDirectory(entry.info().path()));
                } catch (PathNotFoundException gone) {
                    continue; // deleted while walking
                }
                if (!walkEntries(children, visitor)) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public void close() {
        // nothing held: writers and readers own their channels
    }

    @Override
    public String toString() {
        return "FilesystemDriver[" + root.dir + "]";
    }

    /** One visible child of a directory. */
    private record Entry(FileInfo info, String walkKey) {}

    /**
     * The visible children of a directory (regular files and directories with valid names; links
     * and anything else left out).
     *
     * @throws PathNotFoundException if {@code path} is not a directory, or (unless the root) has
     *     no visible children
     */
    private List<Entry> readDirectory(String path) throws IOException {
        boolean isRoot = StoragePath.ROOT.equals(path);
        Path directory = root.resolve(path);
        if (!isRoot) {
            if (root.ancestry(path) != StorageRoot.Ancestry.PRESENT) {
                throw new PathNotFoundException(path, "no directory");
            }
            BasicFileAttributes attributes = StorageRoot.attributes(directory);
            if (attributes == null || !attributes.isDirectory()) {
                throw new PathNotFoundException(path, "no directory");
            }
        }
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path child : stream) {
                String name = child.getFileName().toString();
                if (!StorageRoot.isVisibleName(name)) {
                    continue;
                }
                BasicFileAttributes attributes = StorageRoot.attributes(child);
                if (attributes == null) {
                    continue; // deleted meanwhile
                }
                FileInfo info = toInfo(StoragePath.child(path, name), attributes);
                if (info != null) {
                    entries.add(new Entry(info, StoragePath.walkKey(info.path(), info.isDirectory())));
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            throw new PathNotFoundException(path, "no directory");
        }
        if (entries.isEmpty() && !isRoot) {
            throw new PathNotFoundException(path, "no directory"); // an empty directory holds no file
        }
        return entries;
    }

    private static FileInfo toInfo(String path, BasicFileAttributes attributes) {
        if (attributes.isRegularFile()) {
            return FileInfo.file(path, attributes.size(), attributes.lastModifiedTime().toInstant());
        }
        if (attributes.isDirectory()) {
            return FileInfo.directory(path, attributes.lastModifiedTime().toInstant());
        }
        return null;
    }

    /**
     * Opens the regular file at {@code path} for reading, never through a link.
     *
     * @throws PathNotFoundException if there is no regular file (missing, a directory, behind a link)
     */
    private FileChannel openFile(String path) throws IOException {
        if (root.ancestry(path) != StorageRoot.Ancestry.PRESENT) {
            throw new PathNotFoundException(path);
        }
        Path file = root.resolve(path);
        BasicFileAttributes attributes = StorageRoot.attributes(file);
        if (attributes == null || !attributes.isRegularFile()) {
            throw new PathNotFoundException(path, attributes != null && attributes.isDirectory() ? "is a directory" : "path not found");
        }
        try {
            return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new PathNotFoundException(path);
        } catch (FileSystemException e) {
            if (StorageRoot.attributes(file) == null || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new PathNotFoundException(path); // replaced by a link or removed meanwhile
            }
            throw e;
        }
    }

    /** A clock that never goes back, so an overwrite never gets an earlier modTime. */
    private Instant nextModTime() {
        synchronized (clockLock) {
            Instant now = Instant.now();
            lastModTime = now.isAfter(lastModTime) ? now : lastModTime.plusNanos(1000);
            return lastModTime;
        }
    }
}
