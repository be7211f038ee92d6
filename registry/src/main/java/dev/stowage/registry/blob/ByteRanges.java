package dev.stowage.registry.blob;

import dev.stowage.registry.blob.BlobResponse.Range;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one {@code Range} header value against a blob's size, as RFC 9110 says: a single
 * {@code bytes=} range is served; a value that is not one (several ranges, another unit, a
 * malformed one) is ignored and the whole blob served; a range that starts past the end is not
 * satisfiable.
 */
final class ByteRanges {

    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    /**
     * What to serve.
     *
     * @param satisfiable false when the range lies outside the blob (416)
     * @param range the bytes to serve, or empty for the whole blob
     */
    record Resolution(boolean satisfiable, Optional<Range> range) {
        static final Resolution WHOLE = new Resolution(true, Optional.empty());
        static final Resolution UNSATISFIABLE = new Resolution(false, Optional.empty());
    }

    private ByteRanges() {}

    static Resolution resolve(String value, long size) {
        Matcher m = SINGLE.matcher(value.trim());
        if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
            return Resolution.WHOLE;
        }
        try {
            if (m.group(1).isEmpty()) { // suffix: the last n bytes
                long n = Long.parseLong(m.group(2));
                if (n == 0 || size == 0) {
                    return Resolution.UNSATISFIABLE;
                }
                return served(Math.max(0, size - n), size - 1);
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? Long.MAX_VALUE : Long.parseLong(m.group(2));
            if (last < first) {
                return Resolution.WHOLE;
            }
            if (first >= size) {
                return Resolution.UNSATISFIABLE;
            }
            return served(first, Math.min(last, size - 1));
        } catch (NumberFormatException e) { // more digits than a long holds
            return Resolution.WHOLE;
        }
    }

    private static Resolution served(long first, long last) {
        return new Resolution(true, Optional.of(new Range(first, last)));
    }
}
