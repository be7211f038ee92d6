package dev.stowage.driver.gcs;

import dev.stowage.conformance.DriverConformanceSuite;
import dev.stowage.conformance.Exclusion;
import dev.stowage.driver.StorageDriver;
import java.util.Map;
import java.util.Set;

/**
 * The whole conformance kit against the driver over google-cloud-nio's in-process fake GCS: a
 * fresh fake backend per case, and a chunk size of 256 KiB (the smallest allowed) so that the
 * kit's streams span many resumable-upload chunks.
 *
 * <p>The race cases are declared {@link #exclusions() excluded}: the fake itself is not thread-safe
 * (its {@code FakeStorageRpc.openRewrite} looks a source up twice, so a copy whose source is deleted
 * in between fails with a NullPointerException inside the fake, where GCS answers 404). They run
 * unexcluded on fake-gcs-server ({@link FakeGcsServerConformanceTest}, where Docker exists). So is
 * the stat race: the fake's {@code create} puts an object's metadata and its content into two
 * unsynchronised maps one after the other, so a {@code get} in between gives the new object's time
 * with a size no state had (0 before its content is there); the driver makes one create and one get.
 */
class GcsConformanceTest extends DriverConformanceSuite {

    private static final String FAKE_NOT_THREAD_SAFE = "google-cloud-nio's in-process fake is not thread-safe: "
            + "a copy whose source is deleted concurrently fails with a NullPointerException in FakeStorageRpc.openRewrite; "
            + "runs on fake-gcs-server";
    private static final String FAKE_CREATE_NOT_ATOMIC = "google-cloud-nio's in-process fake stores an object's metadata "
            + "before its content (FakeStorageRpc.create), so a concurrent get sees the new time with a size no state had; "
            + "runs on fake-gcs-server";

    @Override
    protected StorageDriver newDriver() throws Exception {
        return new LocalGcs().driver(Map.of("chunksize", "256KiB", "rootdirectory", "conformance"));
    }

    @Override
    protected Set<Exclusion> exclusions() {
        return Set.of(new Exclusion("listAndWalkRaceWithWritesMovesAndDeletes", FAKE_NOT_THREAD_SAFE),
                new Exclusion("statAndReadRaceWithWritesMovesAndDeletes", FAKE_NOT_THREAD_SAFE),
                new Exclusion("statRacingChangesShowsOneState", FAKE_CREATE_NOT_ATOMIC));
    }
}
