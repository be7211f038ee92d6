package dev.stowage.driver.s3;

import dev.stowage.conformance.DriverConformanceSuite;
import dev.stowage.conformance.Exclusion;
import dev.stowage.driver.StorageDriver;
import java.util.Map;
import java.util.Set;

/**
 * The whole conformance kit against the s3 driver on S3Mock: each case gets a driver on the
 * shared test bucket under a fresh random {@code rootdirectory}. The part size is S3's minimum,
 * 5 MiB, so multi-part cases stay quick.
 *
 * <p>Cases that S3Mock itself cannot pass are declared {@link #exclusions() excluded}, with the
 * reason the report shows: S3Mock 5.2.0 rewrites an object's file in place, so a GET that runs
 * while a PUT replaces the same key receives a truncated body (and may hang until the socket
 * timeout). This happens with the bare SDK as well (no driver involved); real S3 replaces objects
 * atomically, and the same cases run unexcluded on S3Proxy ({@link S3ProxyConformanceTest}). And
 * S3Mock deletes an existing object when a multipart upload of its key is aborted (plain
 * {@code curl} requests show it: PUT an object, create an upload of its key, abort it, and a HEAD
 * answers 404), where S3 leaves the object alone; the atomic-commit case, which cancels a writer
 * over committed content, runs on S3Proxy.
 */
class S3ConformanceTest extends DriverConformanceSuite {

    private static final String NON_ATOMIC_OVERWRITE = "S3Mock 5.2.0 does not replace objects atomically: "
            + "a GET concurrent with a PUT of the same key gets a truncated body (bare SDK too); runs on S3Proxy";
    private static final String ABORT_DELETES_OBJECT = "S3Mock 5.2.0 deletes an existing object when a multipart"
            + " upload of its key is aborted (S3 leaves it); runs on S3Proxy";

    @Override
    protected StorageDriver newDriver() throws Exception {
        Map<String, Object> parameters = S3MockServer.parameters();
        parameters.put("chunksize", "5MiB");
        return S3MockServer.driver(parameters);
    }

    @Override
    protected Set<Exclusion> exclusions() {
        return Set.of(new Exclusion("putContentAtomicUnderConcurrentReaders", NON_ATOMIC_OVERWRITE),
                new Exclusion("statAndReadRaceWithWritesMovesAndDeletes", NON_ATOMIC_OVERWRITE),
                new Exclusion("sameLengthOverwritesAreReadWhole", NON_ATOMIC_OVERWRITE),
                new Exclusion("concurrentLargePutContentsLeaveOneWholeContent", NON_ATOMIC_OVERWRITE),
                new Exclusion("atomicCommitAsDeclared", ABORT_DELETES_OBJECT));
    }
}
