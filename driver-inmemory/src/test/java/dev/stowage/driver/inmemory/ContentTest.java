package dev.stowage.driver.inmemory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.driver.StorageDriverException;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** getContent of a content larger than an array: refused by name before any allocation. */
class ContentTest {

    @Test
    void aContentLargerThanAnArrayIsRefusedNamingPathAndSize() {
        // 2 GiB + 64 KiB of one shared chunk: the size of a huge file at the memory cost of one chunk
        int chunks = (int) ((1L << 31) / Content.CHUNK) + 1;
        long size = (long) chunks * Content.CHUNK;
        Content huge = new Content(Collections.nCopies(chunks, new byte[Content.CHUNK]), size);
        StorageDriverException refused = assertThrows(StorageDriverException.class, () -> huge.toByteArray("/a/huge"));
        assertTrue(refused.getMessage().contains("/a/huge") && refused.getMessage().contains(Long.toString(size)),
                refused.getMessage());
    }

    @Test
    void aContentAnArrayHoldsIsReturnedWhole() throws Exception {
        byte[] bytes = new byte[Content.CHUNK * 2 + 5];
        new java.util.Random(7).nextBytes(bytes);
        assertArrayEquals(bytes, Content.of(bytes).toByteArray("/a/b"));
    }
}
