package dev.stowage.server.cli;

import dev.stowage.server.config.GoDuration;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a duration as the Go registry's config writes one: {@code 90s}, {@code 1h30m}, {@code 168h}, {@code 0}. */
final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return GoDuration.parse(value.trim());
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("\"" + value + "\" is not a duration such as 30s, 15m, 1h30m or 168h");
        }
    }
}
