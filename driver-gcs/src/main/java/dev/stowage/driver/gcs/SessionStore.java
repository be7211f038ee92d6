package dev.stowage.driver.gcs;

import com.google.cloud.BaseServiceException;
import com.google.cloud.RestorableState;
import com.google.cloud.ServiceOptions;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.stowage.driver.StorageDriverException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.Optional;

/**
 * Persists the state of writers closed without commit in the reserved session area, so that a
 * later {@code writer(path, true)} — from this or any other driver instance on the same bucket —
 * continues the same resumable upload.
 *
 * <p>The state is the client's own {@link WriteChannel#capture()} (the resumable session URI, the
 * offset GCS has persisted and the buffered tail that has not gone out yet, at most one chunk),
 * Java-serialised with two safeguards: the client's {@link StorageOptions} (credentials included)
 * are replaced by a marker on the way out and by the current driver's options on the way in, so
 * no credential is ever written to the bucket; and reading is restricted by an
 * {@link ObjectInputFilter} to the few classes such a state is made of, so a planted object
 * cannot run a deserialisation gadget.
 */
final class SessionStore {

    /** What is persisted for one writer session. */
    record PersistedSession(long size, String stagingKey, RestorableState<WriteChannel> state) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** A persisted session read back, with the generation of the object that held it. */
    record Loaded(PersistedSession session, long generation) {}

    /** Stands in for the client's options inside a persisted state. */
    enum OptionsMarker { CURRENT }

    private static final String FILTER_CLASSES = String.join(";",
            "dev.stowage.driver.gcs.*",
            "com.google.cloud.storage.**",
            "com.google.api.services.storage.model.*",
            "com.google.api.client.util.*",
            "com.google.api.client.json.*",
            "com.google.common.collect.*",
            "java.lang.Enum", "java.lang.Number", "java.lang.Long", "java.lang.Integer", "java.lang.Boolean",
            "java.lang.String", "java.lang.Object", "java.lang.Record",
            "java.util.*", "java.math.BigInteger");

    private final Storage storage;
    private final GcsLayout layout;
    private final ObjectInputFilter filter;

    SessionStore(Storage storage, GcsLayout layout, long chunkSize) {
        this.storage = storage;
        this.layout = layout;
        // the state holds at most one chunk of tail bytes plus a few KiB of session details
        this.filter = ObjectInputFilter.Config.createFilter(
                "maxdepth=32;maxrefs=100000;maxbytes=" + (chunkSize + (4 << 20)) + ";maxarray=" + (chunkSize + 1024)
                        + ";" + FILTER_CLASSES + ";!*");
    }

    /** Stores the session of a writer for {@code path} closed without commit, replacing any earlier one. */
    void save(String path, PersistedSession session) throws IOException {
        byte[] bytes = serialize(session);
        BlobInfo info = BlobInfo.newBuilder(BlobId.of(layout.bucket(), layout.sessionKey(path)))
                .setContentType("application/x-java-serialized-object")
                .build();
        GcsErrors.about(path, () -> storage.create(info, bytes));
    }

    /** Reads the session persisted for {@code path}, if any. */
    Optional<Loaded> load(String path) throws IOException {
        BlobId id = BlobId.of(layout.bucket(), layout.sessionKey(path));
        Blob blob = GcsErrors.about(path, () -> storage.get(id));
        if (blob == null) {
            return Optional.empty();
        }
        long generation = blob.getGeneration() == null ? 0 : blob.getGeneration();
        byte[] bytes;
        try {
            bytes = storage.readAllBytes(generation == 0 ? id : BlobId.of(id.getBucket(), id.getName(), generation));
        } catch (BaseServiceException e) {
            if (GcsErrors.isNotFound(e)) {
                return Optional.empty(); // claimed or replaced since the get
            }
            throw GcsErrors.map(path, e);
        }
        return Optional.of(new Loaded(deserialize(path, bytes), generation));
    }

    /**
     * Removes the persisted session of {@code path} if it is still the given generation (0: any),
     * so that exactly one writer can take over a session.
     *
     * @return whether this call removed it
     */
    boolean claim(String path, long generation) throws IOException {
        String key = layout.sessionKey(path);
        BlobId id = generation == 0 ? BlobId.of(layout.bucket(), key) : BlobId.of(layout.bucket(), key, generation);
        try {
            return storage.delete(id);
        } catch (BaseServiceException e) {
            if (GcsErrors.isNotFound(e) || e.getCode() == GcsErrors.PRECONDITION_FAILED) {
                return false;
            }
            throw GcsErrors.map(path, e);
        }
    }

    private byte[] serialize(PersistedSession session) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new OptionsReplacingOutput(bytes)) {
            out.writeObject(session);
        }
        return bytes.toByteArray();
    }

    private PersistedSession deserialize(String path, byte[] bytes) throws IOException {
        StorageOptions current = storage.getOptions();
        try (ObjectInputStream in = new OptionsResolvingInput(new ByteArrayInputStream(bytes), current)) {
            in.setObjectInputFilter(filter);
            return (PersistedSession) in.readObject();
        } catch (IOException | ClassNotFoundException | ClassCastException e) { // a filter rejection is an InvalidClassException
            throw new StorageDriverException(null, path,
                    "the persisted upload session is unreadable (corrupt, refused by the class filter, or from another client version): " + e, e);
        }
    }

    private static final class OptionsReplacingOutput extends ObjectOutputStream {
        OptionsReplacingOutput(OutputStream out) throws IOException {
            super(out);
            enableReplaceObject(true);
        }

        @Override
        protected Object replaceObject(Object obj) {
            return obj instanceof ServiceOptions<?, ?> ? OptionsMarker.CURRENT : obj;
        }
    }

    private static final class OptionsResolvingInput extends ObjectInputStream {
        private final StorageOptions current;

        OptionsResolvingInput(InputStream in, StorageOptions current) throws IOException {
            super(in);
            this.current = current;
            enableResolveObject(true);
        }

        @Override
        protected Object resolveObject(Object obj) {
            return obj == OptionsMarker.CURRENT ? current : obj;
        }
    }
}
