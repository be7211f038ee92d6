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
import dev.stowage.conformance.property.Gen;
import dev.stowage.conformance.property.PropertyTest;
import dev.stowage.conformance.property.Source;

/**
 * Properties (the kit's own engine, {@link PropertyTest}): generated valid and invalid paths on
 * every method, contents, chunkings and offsets. Each try gets a fresh driver.
 */
abstract class PropertyCases extends RaceCases {

    static final String SEGMENT_CHARS = "ABCXYZabcxyz0189._-";

    static final Gen<String> VALID_PATHS = Gen.strings(SEGMENT_CHARS, 1, 12).filter(s -> !s.equals(".") && !s.equals(".."))
            .list(1, 5).map(parts -> "/" + String.join("/", parts));

    static final Gen<String> INVALID_PATHS = Gen.oneOf(
            Gen.combine(VALID_PATHS, Gen.elements(' ', '*', '\\', ':', '?', '\n', '\t', '%', '+', '~', '\u00e4', '\u20ac', '\u0000', '#'),
                    Gen.integers(1, 60), (p, c, at) -> {
                        int i = 1 + at % p.length();
                        return p.substring(0, i) + c + p.substring(i);
                    }),
            VALID_PATHS.map(p -> p + "/"),
            VALID_PATHS.map(p -> p.substring(1)),
            VALID_PATHS.map(p -> "/" + p),
            VALID_PATHS.map(p -> p + "//x"),
            VALID_PATHS.map(p -> p + "/."),
            VALID_PATHS.map(p -> p + "/../x"),
            VALID_PATHS.map(p -> "/./" + p.substring(1)),
            Gen.elements("", "/", "//", ".", "..", "/.", "/..", "a"))
            .filter(p -> !StoragePath.isValid(p));

    /** Small contents (byte by byte) or up to 20 000 bytes (compact), evenly. */
    static final Gen<byte[]> CONTENTS = Gen.oneOf(Gen.byteArrays(0, 64), Gen.byteArrays(0, 20_000));

    static final Gen<List<Integer>> CHUNKINGS = Gen.integers(1, 4096).list(1, 8);

    /** 0..1000: that many thousandths into the content; negative: that many bytes past its end. */
    static final Gen<Integer> OFFSET_FRACTIONS = Gen.oneOf(Gen.integers(0, 1000), Gen.integers(-3, -1), Gen.elements(0, 1000));

    @PropertyTest
    void generatedValidPathsWorkOnEveryMethod(Source source) throws Exception {
        String path = source.draw(VALID_PATHS, "path");
        byte[] content = source.draw(CONTENTS, "content");
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

    @PropertyTest
    void generatedInvalidPathsAreRefusedByEveryMethod(Source source) throws Exception {
        String bad = source.draw(INVALID_PATHS, "bad");
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

    @PropertyTest
    void streamRoundTripOverGeneratedChunkings(Source source) throws Exception {
        byte[] content = source.draw(CONTENTS, "content");
        List<Integer> chunks = source.draw(CHUNKINGS, "chunks");
        boolean reopenHalfway = source.draw(Gen.booleans(), "reopenHalfway");
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
                Data.writeWhole(writer, buffer);
                at += n;
                assertEquals(at, writer.size(), "size() after writing " + at + " bytes");
            }
            writer.commit();
            writer.close();
            assertContent(d, path, content);
        });
    }

    @PropertyTest
    void readsAtGeneratedOffsets(Source source) throws Exception {
        byte[] content = source.draw(CONTENTS, "content");
        int fraction = source.draw(OFFSET_FRACTIONS, "fraction");
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
}
