package dev.stowage.server.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;

/**
 * Go's {@code time.ParseDuration}: a possibly signed sequence of decimal numbers, each with an
 * optional fraction and a unit ({@code ns}, {@code us}, {@code µs}, {@code μs}, {@code ms},
 * {@code s}, {@code m}, {@code h}), e.g. {@code 300ms}, {@code 1h30m}, {@code 5m0s},
 * {@code 1.5h}; {@code 0} alone needs no unit. The range is Go's: at most about 292 years.
 */
public final class GoDuration {

    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

    private GoDuration() {
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException saying what is wrong, in words fit for a config error
     */
    public static Duration parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        boolean negative = false;
        int i = 0;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            i++;
        }
        if (s.substring(i).equals("0")) {
            return Duration.ZERO;
        }
        if (i == s.length()) {
            throw invalid(text);
        }
        BigDecimal total = BigDecimal.ZERO;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(start, i);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                throw invalid(text);
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String unit = s.substring(unitStart, i);
            if (unit.isEmpty()) {
                throw new IllegalArgumentException("missing unit in duration \"" + text
                        + "\" (use ns, us, ms, s, m or h, e.g. 10s)");
            }
            long nanosPerUnit = switch (unit) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> throw new IllegalArgumentException("unknown unit \"" + unit + "\" in duration \""
                        + text + "\" (use ns, us, ms, s, m or h)");
            };
            total = total.add(new BigDecimal(number.endsWith(".") ? number + "0" : number)
                    .multiply(BigDecimal.valueOf(nanosPerUnit)));
        }
        BigInteger nanos = total.toBigInteger();
        if (nanos.compareTo(MAX_NANOS) > 0) {
            throw new IllegalArgumentException("duration \"" + text + "\" is out of range");
        }
        Duration duration = Duration.ofNanos(nanos.longValueExact());
        return negative ? duration.negated() : duration;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid duration \"" + text + "\" (expected e.g. 10s, 5m, 1h30m, 300ms)");
    }
}
