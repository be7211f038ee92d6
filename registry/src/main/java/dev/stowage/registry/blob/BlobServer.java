package dev.stowage.registry.blob;

import java.io.IOException;

/**
 * Answers a request for a blob, independent of any transport: with a redirect to the driver's URL
 * when redirects are on and the driver has one, otherwise with the headers and a streamed body,
 * honouring a byte range and {@code If-None-Match}.
 */
@FunctionalInterface
public interface BlobServer {

    /**
     * The answer to one request.
     *
     * @throws dev.stowage.registry.BlobUnknownException if the blob is not there
     */
    BlobResponse serve(BlobRequest request) throws IOException;
}
