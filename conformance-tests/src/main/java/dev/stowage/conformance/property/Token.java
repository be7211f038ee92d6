package dev.stowage.conformance.property;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The replay token of a test case: {@code <property tag>.<choices>}, the tag 8 hex digits derived
 * from the property's name and the choices unsigned LEB128 varints in unpadded URL-safe Base64.
 */
final class Token {

    private Token() {}

    static String tag(String property) {
        return String.format(Locale.ROOT, "%08x", (int) (Property.mix(0x5EEDL, property) >>> 32));
    }

    static String encode(String property, long[] choices) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long c : choices) {
            long v = c;
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
        return tag(property) + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }

    /** Whether {@code token} was made for {@code property}. */
    static boolean belongsTo(String token, String property) {
        return token.startsWith(tag(property) + ".");
    }

    static long[] decode(String token) {
        int dot = token.indexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException("not a replay token: '" + token + "'");
        }
        ByteBuffer in;
        try {
            in = ByteBuffer.wrap(Base64.getUrlDecoder().decode(token.substring(dot + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a replay token: '" + token + "'", e);
        }
        List<Long> values = new ArrayList<>();
        while (in.hasRemaining()) {
            long v = 0;
            int shift = 0;
            byte b;
            do {
                if (!in.hasRemaining() || shift > 63) {
                    throw new IllegalArgumentException("not a replay token (cut short): '" + token + "'");
                }
                b = in.get();
                v |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            values.add(v);
        }
        return values.stream().mapToLong(Long::longValue).toArray();
    }
}
