package dev.stowage.server.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code storage} section: the one driver and the registry's storage options beside it.
 *
 * @param driver the driver's name: the one key of the section that is not {@code delete},
 *     {@code redirect}, {@code cache}, {@code maintenance} or {@code tag} (e.g. {@code filesystem},
 *     {@code s3}, or a plugin driver's name); not checked against the installed drivers
 * @param parameters the driver's parameters as written, for {@code StorageDrivers.create}: scalar
 *     values as their text (booleans as {@code true}/{@code false}), nested maps as
 *     {@code Map<String, Object>}, lists as {@code List<Object>}; empty values left out
 * @param deleteEnabled {@code delete.enabled}, default false
 * @param redirectDisabled {@code redirect.disable}, default false (redirects on)
 * @param blobDescriptorCache {@code cache.blobdescriptor} (or its old name {@code layerinfo}); none when absent
 * @param blobDescriptorCacheSize {@code cache.blobdescriptorsize}: entries of the in-memory cache, default 10000
 * @param uploadPurging {@code maintenance.uploadpurging}, Go's defaults for what is absent
 * @param readOnly {@code maintenance.readonly.enabled}
 */
public record StorageSettings(
        String driver,
        Map<String, Object> parameters,
        boolean deleteEnabled,
        boolean redirectDisabled,
        BlobDescriptorCache blobDescriptorCache,
        int blobDescriptorCacheSize,
        UploadPurging uploadPurging,
        boolean readOnly) {

    /** Go's default size of the in-memory blob descriptor cache. */
    public static final int DEFAULT_BLOB_DESCRIPTOR_CACHE_SIZE = 10_000;

    public StorageSettings {
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(blobDescriptorCache, "blobDescriptorCache");
        Objects.requireNonNull(uploadPurging, "uploadPurging");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** Parameters whose names suggest a secret are masked. */
    @Override
    public String toString() {
        Map<String, Object> shown = new LinkedHashMap<>();
        parameters.forEach((key, value) -> shown.put(key, looksSecret(key) ? "****" : value));
        return "StorageSettings[driver=" + driver + ", parameters=" + shown + ", deleteEnabled=" + deleteEnabled
                + ", redirectDisabled=" + redirectDisabled + ", blobDescriptorCache=" + blobDescriptorCache
                + ", blobDescriptorCacheSize=" + blobDescriptorCacheSize + ", uploadPurging=" + uploadPurging
                + ", readOnly=" + readOnly + "]";
    }

    private static boolean looksSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.contains("secret") || lower.contains("password") || lower.contains("key")
                || lower.contains("token") || lower.contains("credential");
    }
}
