package dev.stowage.driver.azure;

import com.azure.storage.blob.models.BlobStorageException;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriverException;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Maps what the SDK throws to the SPI's exceptions, always naming the path. */
final class Failures {

    /** A call into the SDK, which throws unchecked exceptions. */
    @FunctionalInterface
    interface SdkCall<T> {
        T run();
    }

    private Failures() {}

    /** Runs {@code call}, mapping a failure to an {@link IOException} about {@code path}. */
    static <T> T call(String path, SdkCall<T> call) throws IOException {
        try {
            return call.run();
        } catch (RuntimeException e) {
            throw map(path, e);
        }
    }

    static IOException map(String path, RuntimeException e) {
        BlobStorageException storage = storageException(e);
        if (storage != null && storage.getStatusCode() == 404) {
            return new PathNotFoundException(path, e);
        }
        if (e instanceof UncheckedIOException unchecked && unchecked.getCause() != null) {
            return new StorageDriverException(path, unchecked.getCause());
        }
        return new StorageDriverException(path, e);
    }

    /** Whether {@code e} is the service's answer 404 (no such blob or container). */
    static boolean isNotFound(RuntimeException e) {
        BlobStorageException storage = storageException(e);
        return storage != null && storage.getStatusCode() == 404;
    }

    /** The service's status code of {@code e}, or -1 when it is no service answer. */
    static int status(RuntimeException e) {
        BlobStorageException storage = storageException(e);
        return storage == null ? -1 : storage.getStatusCode();
    }

    private static BlobStorageException storageException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BlobStorageException storage) {
                return storage;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
