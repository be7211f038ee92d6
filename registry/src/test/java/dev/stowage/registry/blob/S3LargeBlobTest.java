package dev.stowage.registry.blob;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.s3.S3MockServer;
import java.util.Map;

/** {@link LargeBlobSuite} on the s3 driver against S3Mock, with 16 MiB parts. */
class S3LargeBlobTest extends LargeBlobSuite {

    @Override
    protected StorageDriver newDriver() throws Exception {
        Map<String, Object> parameters = S3MockServer.parameters();
        parameters.put("chunksize", "16MiB");
        return S3MockServer.driver(parameters);
    }
}
