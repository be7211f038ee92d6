package dev.stowage.conformance;

import dev.stowage.conformance.Mutants.Broken;
import dev.stowage.conformance.Mutants.Mutant;
import dev.stowage.driver.FileInfo;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriver;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** The broken drivers that only the race cases catch (see {@link Mutants}). */
final class RaceMutants {

    /** S3's smallest part: the size above which the part-wise mutants upload in parts. */
    private static final int PART = 5 << 20;

    private RaceMutants() {}

    /** A mutant that also reaches the reference driver behind it directly, as its backend. */
    abstract static class Direct extends Broken {
        StorageDriver reference() {
            return delegate();
        }
    }

    static List<Mutant> all() {
        return List.of(
                new Mutant("putContent-overwrites-same-length-in-place",
                        "putContent over a file of the same length rewrites it in place in 64 KiB writes, so a reader sees a mix",
                        () -> new Direct() {
                    @Override
                    public void putContent(String path, byte[] content) throws IOException {
                        byte[] old = existing(this, path);
                        if (old == null || old.length != content.length) {
                            super.putContent(path, content);
                            return;
                        }
                        publishInPieces(this, path, old, content, 64 << 10);
                    }
                }),
                new Mutant("putContent-shows-its-parts",
                        "putContent above 5 MiB uploads in parts that each become visible, so a reader sees the first part new and the rest old",
                        () -> new Direct() {
                    @Override
                    public void putContent(String path, byte[] content) throws IOException {
                        byte[] old = existing(this, path);
                        if (content.length <= PART || old == null) {
                            super.putContent(path, content);
                            return;
                        }
                        publishInPieces(this, path, old, content, PART);
                    }
                }),
                new Mutant("concurrent-putContents-share-one-upload",
                        "putContent above 5 MiB stages its parts in the one pending upload of its path, so concurrent calls interleave parts",
                        () -> new Direct() {
                    private final Map<String, byte[]> uploads = new ConcurrentHashMap<>();

                    @Override
                    public void putContent(String path, byte[] content) throws IOException {
                        if (content.length <= PART) {
                            super.putContent(path, content);
                            return;
                        }
                        byte[] upload = uploads.compute(path, (p, pending) ->
                                pending != null && pending.length == content.length ? pending : new byte[content.length]);
                        backendCall(5); // the request that finds or starts the upload
                        for (int at = 0; at < content.length; at += PART) {
                            System.arraycopy(content, at, upload, at, Math.min(PART, content.length - at));
                            backendCall(1 + ThreadLocalRandom.current().nextInt(PART >> 20)); // parallel parts take their own time
                        }
                        super.putContent(path, upload);
                        uploads.remove(path, upload);
                    }
                }),
                new Mutant("stat-size-and-time-from-two-reads",
                        "stat reads the size and the modification time in two calls, so a change between them gives a pair no state had",
                        () -> new Direct() {
                    @Override
                    public FileInfo stat(String path) throws IOException {
                        FileInfo sized = super.stat(path);
                        if (sized.isDirectory()) {
                            return sized;
                        }
                        backendCall(1);
                        FileInfo timed = super.stat(path);
                        return FileInfo.file(path, sized.size(), timed.modTime());
                    }
                }),
                new Mutant("reader-fetches-ranges-of-the-current-content",
                        "reader fetches 64 KiB ranges of whatever the path holds when each is needed, so a stream switches to new content mid-way",
                        () -> new Direct() {
                    @Override
                    public InputStream reader(String path, long offset) throws IOException {
                        super.reader(path, offset).close(); // the offset checks of the first request
                        return new RangedStream(this, path, offset);
                    }
                }));
    }

    /** The file's content, or null when there is none. */
    private static byte[] existing(Direct driver, String path) throws IOException {
        try {
            return driver.reference().getContent(path);
        } catch (PathNotFoundException e) {
            return null;
        }
    }

    /**
     * Replaces {@code old} by {@code content} one piece at a time, each step readable: the bytes
     * written so far new, the rest still old (as a file rewritten in place, or parts made visible).
     */
    private static void publishInPieces(Direct driver, String path, byte[] old, byte[] content, int piece) throws IOException {
        byte[] state = Arrays.copyOf(old, content.length);
        for (int at = 0; at < content.length; at += piece) {
            System.arraycopy(content, at, state, at, Math.min(piece, content.length - at));
            driver.reference().putContent(path, state);
            backendCall(1 + piece / (1 << 20)); // about 1 ms per MiB
        }
    }

    /** The time a request or a write takes on a backend, during which other threads go on. */
    private static void backendCall(int millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("backend call interrupted");
        }
    }

    /** A stream that fetches each 64 KiB range from whatever the path holds at that moment. */
    private static final class RangedStream extends InputStream {
        private static final int RANGE = 64 << 10;
        private final Direct driver;
        private final String path;
        private long position;
        private byte[] range = new byte[0];
        private int inRange;

        RangedStream(Direct driver, String path, long offset) {
            this.driver = driver;
            this.path = path;
            this.position = offset;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (inRange == range.length) {
                try (InputStream in = driver.reference().reader(path, Math.min(position, driver.reference().stat(path).size()))) {
                    range = in.readNBytes(RANGE);
                }
                inRange = 0;
                if (range.length == 0) {
                    return -1;
                }
            }
            int n = Math.min(len, range.length - inRange);
            System.arraycopy(range, inRange, b, off, n);
            inRange += n;
            position += n;
            return n;
        }
    }
}
