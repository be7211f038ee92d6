package dev.stowage.driver.gcs;

import com.google.cloud.BaseServiceException;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriverException;
import java.io.IOException;

/** Maps the client's exceptions to the SPI's, keeping the path and the cause. */
final class GcsErrors {

    static final int NOT_FOUND = 404;
    static final int PRECONDITION_FAILED = 412;

    private GcsErrors() {}

    /** A backend call that may throw the client's unchecked exceptions. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws IOException;
    }

    /** Runs {@code call}, mapping a client failure about {@code path}. */
    static <T> T about(String path, Call<T> call) throws IOException {
        try {
            return call.run();
        } catch (BaseServiceException e) {
            throw map(path, e);
        }
    }

    /** The SPI exception for a client failure about {@code path}. */
    static StorageDriverException map(String path, BaseServiceException e) {
        if (e.getCode() == NOT_FOUND) {
            return new PathNotFoundException(path, e);
        }
        return new StorageDriverException(null, path, "GCS request failed (HTTP " + e.getCode() + "): " + e.getMessage(), e);
    }

    /** Whether {@code e} says the object is not there. */
    static boolean isNotFound(BaseServiceException e) {
        return e.getCode() == NOT_FOUND;
    }
}
