package dev.stowage.driver;

/**
 * A writer waited longer than its {@link BufferBudget} allows for buffer memory that other writers
 * held. Nothing the writer had taken is lost: it may write the same bytes again later. A server
 * answers it as "too many requests, try again", not as a failure of the storage.
 */
public class BufferMemoryExhaustedException extends StorageDriverException {

    public BufferMemoryExhaustedException(String path, String detail) {
        super(null, path, detail);
    }
}
