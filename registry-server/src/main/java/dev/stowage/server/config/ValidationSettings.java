package dev.stowage.server.config;

import java.util.List;

/**
 * The {@code validation} section. The expressions are known to compile as Java regular expressions
 * (which accept the RE2 syntax Go's registry documents for these lists, bar exotic constructs).
 *
 * @param enabled false only when {@code disabled: true} (the deprecated {@code enabled} key changes nothing)
 * @param manifestUrlsAllow {@code manifests.urls.allow}: layer URLs in pushed manifests must match one
 * @param manifestUrlsDeny {@code manifests.urls.deny}: layer URLs must match none
 */
public record ValidationSettings(boolean enabled, List<String> manifestUrlsAllow, List<String> manifestUrlsDeny) {

    public ValidationSettings {
        manifestUrlsAllow = List.copyOf(manifestUrlsAllow);
        manifestUrlsDeny = List.copyOf(manifestUrlsDeny);
    }

    /** Enabled, every URL allowed. */
    public static ValidationSettings defaults() {
        return new ValidationSettings(true, List.of(), List.of());
    }
}
