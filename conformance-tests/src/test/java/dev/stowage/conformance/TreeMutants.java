package dev.stowage.conformance;

import dev.stowage.conformance.Mutants.Broken;
import dev.stowage.conformance.Mutants.Mutant;
import dev.stowage.driver.FileCursor;
import dev.stowage.driver.FileInfo;
import dev.stowage.driver.FileWriter;
import dev.stowage.driver.FlatListingWalker;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDriverException;
import dev.stowage.driver.StoragePath;
import dev.stowage.driver.WalkAction;
import dev.stowage.driver.WalkVisitor;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The broken drivers that only the tree cases catch (see {@link Mutants}). The paged ones simulate
 * a backend's page of {@value #PAGE} entries over the reference driver's whole answer.
 */
final class TreeMutants {

    /** The page of S3's ListObjectsV2 and DeleteObjects, and of GCS's object listing. */
    static final int PAGE = 1000;

    private TreeMutants() {}

    static List<Mutant> all() {
        return List.of(
                new Mutant("list-first-page-only", "list returns the first page of 1,000 children and never asks for the next",
                        () -> new Broken() {
                    @Override
                    public List<String> list(String path) throws IOException {
                        List<String> all = super.list(path);
                        return all.subList(0, Math.min(PAGE, all.size()));
                    }
                }),
                new Mutant("walk-drops-page-boundary", "walk's flat listing continues each page after the first key of the next "
                        + "page instead of the last key of this one, so it drops the file at every page boundary", () -> new Broken() {
                    @Override
                    public void walk(String path, WalkVisitor visitor) throws IOException {
                        List<FileInfo> files = new ArrayList<>();
                        super.walk(path, e -> {
                            if (!e.isDirectory()) {
                                files.add(e);
                            }
                            return WalkAction.CONTINUE;
                        });
                        List<FileInfo> paged = new ArrayList<>();
                        for (int i = 0; i < files.size(); i++) {
                            if (i == 0 || i % PAGE != 0) {
                                paged.add(files.get(i));
                            }
                        }
                        FlatListingWalker.walk(path, FileCursor.of(paged.iterator()), Instant.EPOCH, visitor);
                    }
                }),
                new Mutant("delete-first-page-only", "delete of a directory sends one batch delete of the first 1,000 keys and "
                        + "ignores the rest", () -> new Broken() {
                    @Override
                    public void delete(String path) throws IOException {
                        if (!stat(path).isDirectory()) {
                            super.delete(path);
                            return;
                        }
                        List<FileInfo> files = filesBelow(this, path);
                        for (FileInfo file : files.subList(0, Math.min(PAGE, files.size()))) {
                            super.delete(file.path());
                        }
                    }
                }),
                new Mutant("walk-skips-by-prefix", "SKIP_SUBTREE on directory b skips every entry whose path starts with b, "
                        + "not with b/ (so b-c, b.c, b0, bb go too)", () -> new Broken() {
                    @Override
                    public void walk(String path, WalkVisitor visitor) throws IOException {
                        String[] skipping = {null};
                        super.walk(path, e -> {
                            if (skipping[0] != null && e.path().startsWith(skipping[0])) {
                                return WalkAction.CONTINUE;
                            }
                            skipping[0] = null;
                            WalkAction action = visitor.visit(e);
                            if (action == WalkAction.SKIP_SUBTREE && e.isDirectory()) {
                                skipping[0] = e.path();
                                return WalkAction.CONTINUE;
                            }
                            return action;
                        });
                    }
                }),
                new Mutant("long-name-temp-suffix", "writes go through a temporary file named after the target plus "
                        + "'.tmp.' and 16 hex digits, which is too long for a file system once a segment passes 234 characters",
                        () -> new Broken() {
                    private void check(String path) throws IOException {
                        if (StoragePath.name(path).length() + ".tmp.".length() + 16 > 255) {
                            throw new StorageDriverException("reference", path, "File name too long");
                        }
                    }

                    @Override
                    public void putContent(String path, byte[] content) throws IOException {
                        check(path);
                        super.putContent(path, content);
                    }

                    @Override
                    public FileWriter writer(String path, boolean append) throws IOException {
                        check(path);
                        return super.writer(path, append);
                    }

                    @Override
                    public void move(String sourcePath, String destPath) throws IOException {
                        check(destPath);
                        super.move(sourcePath, destPath);
                    }
                }),
                new Mutant("case-insensitive-keys", "paths map to keys case-insensitively (a file system such as macOS's or "
                        + "Windows'), so b and B are one file", () -> new Renaming(p -> p.toLowerCase(Locale.ROOT))),
                new Mutant("underscore-as-dash", "the key encoding maps '_' to '-', so a_b and a-b are one file",
                        () -> new Renaming(p -> p.replace('_', '-'))),
                new Mutant("hidden-dot-files", "list and walk leave out names starting with '.', as a file-system listing "
                        + "that filters hidden files does", () -> new Broken() {
                    private boolean hidden(String path) {
                        return StoragePath.name(path).startsWith(".");
                    }

                    @Override
                    public List<String> list(String path) throws IOException {
                        return super.list(path).stream().filter(p -> !hidden(p)).toList();
                    }

                    @Override
                    public void walk(String path, WalkVisitor visitor) throws IOException {
                        super.walk(path, e -> hidden(e.path()) ? WalkAction.SKIP_SUBTREE : visitor.visit(e));
                    }
                }));
    }

    /** Every file below {@code path}, ascending, as a flat key listing gives them (the driver's walk must be the reference's). */
    static List<FileInfo> filesBelow(StorageDriver driver, String path) throws IOException {
        List<FileInfo> files = new ArrayList<>();
        driver.walk(path, e -> {
            if (!e.isDirectory()) {
                files.add(e);
            }
            return WalkAction.CONTINUE;
        });
        return files;
    }

    /** A driver whose key encoding maps every path it is given through {@code key} (answers keep the mapped names). */
    static final class Renaming extends Broken {
        private final UnaryOperator<String> key;

        Renaming(UnaryOperator<String> key) {
            this.key = key;
        }

        @Override
        public byte[] getContent(String path) throws IOException {
            return super.getContent(key.apply(path));
        }

        @Override
        public void putContent(String path, byte[] content) throws IOException {
            super.putContent(key.apply(path), content);
        }

        @Override
        public InputStream reader(String path, long offset) throws IOException {
            return super.reader(key.apply(path), offset);
        }

        @Override
        public FileWriter writer(String path, boolean append) throws IOException {
            return super.writer(key.apply(path), append);
        }

        @Override
        public FileInfo stat(String path) throws IOException {
            return super.stat(key.apply(path));
        }

        @Override
        public List<String> list(String path) throws IOException {
            return super.list(key.apply(path));
        }

        @Override
        public void move(String sourcePath, String destPath) throws IOException {
            super.move(key.apply(sourcePath), key.apply(destPath));
        }

        @Override
        public void delete(String path) throws IOException {
            super.delete(key.apply(path));
        }

        @Override
        public void walk(String path, WalkVisitor visitor) throws IOException {
            super.walk(key.apply(path), visitor);
        }
    }
}
