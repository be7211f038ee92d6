package dev.stowage.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.driver.FileInfo;
import dev.stowage.driver.FileReader;
import dev.stowage.driver.FileWriter;
import dev.stowage.driver.InvalidOffsetException;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StoragePath;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/** jqwik properties: generated valid and invalid paths on every method, contents, chunkings and offsets. */
abstract class PropertyCases extends SemanticsCases {

    static final String SEGMENT_CHARS = "ABCXYZabcxyz0189._-";

    @Provide
    Arbitrary<String> generatedValidPaths() {
        Arbitrary<String> segment = Arbitraries.strings().withChars(SEGMENT_CHARS).ofMinLength(1).ofMaxLength(12)
                .filter(s -> !s.equals(".") && !s.equals(".."));
        return segment.list().ofMinSize(1).ofMaxSize(5).map(parts -> "/" + String.join("/", parts));
    }

    @Provide
    Arbitrary<String> generatedInvalidPaths() {
        Arbitrary<String> valid = generatedValidPaths();
        Arbitrary<Character> badChar = Arbitraries.of(' ', '*', '\\', ':', '?', '\n', '\t', '%', '+', '~', 'ä', '€', '\u0000', '#');
        Arbitrary<String> withBadChar = Combinators.combine(valid, badChar, Arbitraries.integers().between(1, 60))
                .as((p, c, at) -> {
                    int i = 1 + at % p.length();
                    return p.substring(0, i) + c + p.substring(i);
                });
        return Arbitraries.oneOf(
                withBadChar,
                valid.map(p -> p + "/"),
                valid.map(p -> p.substring(1)),
                valid.map(p -> "/" + p),
                valid.map(p -> p + "//x"),
                valid.map(p -> p + "/."),
                valid.map(p -> p + "/../x"),
                valid.map(p -> "/./" + p.substring(1)),
                Arbitraries.of("", "/", "//", ".", "..", "/.", "/..", "a"))
                .filter(p -> !StoragePath.isValid(p));
    }

    @Provide
    Arbitrary<byte[]> contents() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(20_000));
    }

    @Provide
    Arbitrary<List<Integer>> chunkings() {
        return Arbitraries.integers().between(1, 4096).list().ofMinSize(1).ofMaxSize(8);
    }

    @Property
    @AddLifecycleHook(ProfileHook.class) // on the method: jqwik does not inherit a class-level hook to subclasses
    void generatedValidPathsWorkOnEveryMethod(@ForAll("generatedValidPaths") String path, @ForAll("contents") byte[] content)
            throws Exception {
        withFreshDriver(d -> {
            d.putContent(path, content);
            assertContent(d, path, content);
            String parent = StoragePath.parent(path);
            assertTrue(d.list(parent).contains(path), "list(" + parent + ") = " + d.list(parent) + " lacks " + path);
            List<String> walked = walkAll(d, parent).stream().map(FileInfo::path).toList();
            assertTrue(walked.contains(path), "walk(" + parent + ") = " + walked + " lacks " + path);
            String moved = path + "-m";
            d.move(path, moved);
            assertMissing(d, path);
            assertContent(d, moved, content);
            try (FileWriter writer = d.writer(path, false)) {
                Data.write(writer, content, 1000);
                writer.commit();
            }
            assertContent(d, path, content);
            d.delete(path);
            assertMissing(d, path);
            d.delete(moved);
            assertMissing(d, moved);
        });
    }

    @Property
    @AddLifecycleHook(ProfileHook.class) // on the method: jqwik does not inherit a class-level hook to subclasses
    void generatedInvalidPathsAreRefusedByEveryMethod(@ForAll("generatedInvalidPaths") String bad) throws Exception {
        withFreshDriver(d -> {
            String valid = "/valid";
            d.putContent(valid, new byte[] {7});
            assertInvalidEverywhere(d, bad, valid);
            if (!bad.equals("/")) {
                expectThrows(dev.stowage.driver.InvalidPathException.class, "list(\"" + bad + "\")", () -> d.list(bad));
            }
            assertContent(d, valid, new byte[] {7});
        });
    }

    @Property
    @AddLifecycleHook(ProfileHook.class) // on the method: jqwik does not inherit a class-level hook to subclasses
    void streamRoundTripOverGeneratedChunkings(@ForAll("contents") byte[] content,
            @ForAll("chunkings") List<Integer> chunks, @ForAll boolean reopenHalfway) throws Exception {
        withFreshDriver(d -> {
            String path = "/p/stream";
            FileWriter writer = d.writer(path, false);
            int at = 0;
            int piece = 0;
            boolean reopened = false;
            while (at < content.length) {
                if (reopenHalfway && !reopened && at >= content.length / 2) {
                    writer.close();
                    writer = d.writer(path, true);
                    assertEquals(at, writer.size(), "size() on reopening after " + at + " bytes");
                    reopened = true;
                }
                int n = Math.min(chunks.get(piece++ % chunks.size()), content.length - at);
                ByteBuffer buffer = ByteBuffer.wrap(content, at, n);
                while (buffer.hasRemaining()) {
                    writer.write(buffer);
                }
                at += n;
                assertEquals(at, writer.size(), "size() after writing " + at + " bytes");
            }
            writer.commit();
            writer.close();
            assertContent(d, path, content);
        });
    }

    @Property
    @AddLifecycleHook(ProfileHook.class) // on the method: jqwik does not inherit a class-level hook to subclasses
    void readsAtGeneratedOffsets(@ForAll("contents") byte[] content, @ForAll("offsetFractions") int fraction)
            throws Exception {
        long offset = fraction < 0 ? content.length + (-fraction) : (long) content.length * fraction / 1000;
        withFreshDriver(d -> {
            String path = "/o/file";
            d.putContent(path, content);
            if (offset <= content.length) {
                byte[] expected = Arrays.copyOfRange(content, (int) offset, content.length);
                assertArrayEquals(expected, Data.read(d, path, offset), "reader(" + path + ", " + offset + ") of "
                        + content.length + " bytes");
                try (FileReader reader = new FileReader(d, path, content.length)) {
                    reader.position(offset);
                    assertArrayEquals(expected, reader.asInputStream().readAllBytes(), "FileReader at " + offset);
                }
            } else {
                InvalidOffsetException e = expectThrows(InvalidOffsetException.class,
                        "reader(" + path + ", " + offset + ") past the end of " + content.length + " bytes",
                        () -> d.reader(path, offset).close());
                assertEquals(offset, e.offset(), "InvalidOffsetException.offset()");
            }
            expectThrows(PathNotFoundException.class, "reader of a missing path at " + offset,
                    () -> d.reader("/o/missing", offset).close());
        });
    }

    /** 0..1000: that many thousandths into the content; negative: that many bytes past its end. */
    @Provide
    Arbitrary<Integer> offsetFractions() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(-3, -1),
                Arbitraries.of(0, 1000));
    }
}
