package dev.stowage.server.http;

import dev.stowage.registry.Registry;
import dev.stowage.registry.RegistryOptions;
import dev.stowage.registry.Repository;
import dev.stowage.registry.RepositoryName;
import java.util.Objects;

/**
 * What every resource handler works with: the registry, its options, the upload-token secret and
 * the chunk size to recommend to clients.
 *
 * @param minChunkLength the {@code OCI-Chunk-Min-Length} to announce, 0 for none
 */
record ApiContext(Registry registry, RegistryOptions options, byte[] secret, long minChunkLength) {

    ApiContext {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(options, "options");
        secret = secret.clone();
    }

    /** The repository a route names, its name checked against the grammar. */
    Repository repository(String name) throws dev.stowage.registry.NameInvalidException {
        return registry.repository(RepositoryName.parse(name));
    }
}
