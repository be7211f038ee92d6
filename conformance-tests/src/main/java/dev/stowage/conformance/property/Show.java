package dev.stowage.conformance.property;

import java.util.Collection;
import java.util.HexFormat;
import java.util.stream.Collectors;

/** How drawn values are shown in a failure report: short, and unambiguous for strings and bytes. */
final class Show {

    private Show() {}

    static String value(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes(bytes);
        }
        if (value instanceof CharSequence s) {
            return quote(s.toString());
        }
        if (value instanceof Character c) {
            return "'" + escape(c.toString()) + "'";
        }
        if (value instanceof Collection<?> c) {
            return c.stream().map(Show::value).collect(Collectors.joining(", ", "[", "]"));
        }
        return String.valueOf(value);
    }

    static String bytes(byte[] bytes) {
        if (bytes.length <= 16) {
            return "bytes[" + bytes.length + "] " + HexFormat.of().formatHex(bytes);
        }
        boolean zeros = true;
        for (byte b : bytes) {
            zeros &= b == 0;
        }
        return "bytes[" + bytes.length + "] " + (zeros ? "all zero" : HexFormat.of().formatHex(bytes, 0, 8) + "...");
    }

    static String quote(String s) {
        return "\"" + escape(s) + "\"";
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
