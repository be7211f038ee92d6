package dev.stowage.driver.s3;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One of the two S3 servers the tests run on, S3Mock ({@link S3MockServer}) or S3Proxy
 * ({@link S3ProxyServer}), each started once per JVM on first use, both with the test bucket
 * {@link S3MockServer#BUCKET} and the same keys. A test class written against this runs on either.
 *
 * @param name the server's name, for messages
 * @param endpoint starts the server if needed and gives its endpoint
 */
record S3TestServer(String name, Supplier<URI> endpoint) {

    static final S3TestServer S3MOCK = new S3TestServer("S3Mock", S3MockServer::endpoint);
    static final S3TestServer S3PROXY = new S3TestServer("S3Proxy", S3ProxyServer::endpoint);

    /** Parameters of a driver on the test bucket under a fresh random root directory. */
    Map<String, Object> parameters() {
        return S3MockServer.parameters(endpoint.get());
    }

    /** A driver made through {@link StorageDrivers} (so wrapped in the validating wrapper). */
    StorageDriver driver(Map<String, Object> parameters) throws IOException {
        return StorageDrivers.create("s3", parameters);
    }

    /** A bare SDK client on the server, to look behind the driver's back. */
    S3Client rawClient() {
        return S3MockServer.client(endpoint.get());
    }
}
