package dev.stowage.driver.s3;

import dev.stowage.conformance.DriverConformanceSuite;
import dev.stowage.driver.StorageDriver;
import java.util.Map;

/**
 * The whole conformance kit against the s3 driver on S3Proxy ({@link S3ProxyServer}), a second,
 * independent S3 server beside S3Mock ({@link S3ConformanceTest}) that runs without Docker. Each
 * case gets a driver on the shared test bucket under a fresh random {@code rootdirectory}; the part
 * size is S3's minimum, 5 MiB, as on S3Mock.
 *
 * <p>Passes whole (one case skipped by the kit itself, as on S3Mock: the driver redirects) in
 * about 30 s on S3Proxy's in-memory back end, with S3Proxy told to ignore the SDK's
 * {@code x-amz-checksum-crc32} on DeleteObjects; see {@link S3ProxyServer} for what fails without
 * that ({@code -Ds3proxy.strict-headers=true}: 56 of 63 cases, every recursive delete answered 501)
 * and on its file-system back ends ({@code -Ds3proxy.provider=filesystem-nio2}: {@code moveInvalid}).
 */
class S3ProxyConformanceTest extends DriverConformanceSuite {

    @Override
    protected StorageDriver newDriver() throws Exception {
        Map<String, Object> parameters = S3ProxyServer.parameters();
        parameters.put("chunksize", "5MiB");
        return S3ProxyServer.driver(parameters);
    }
}
