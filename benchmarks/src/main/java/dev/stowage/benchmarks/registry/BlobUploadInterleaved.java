package dev.stowage.benchmarks.registry;

import dev.stowage.benchmarks.AbbaComparison;
import dev.stowage.driver.ParameterType;
import dev.stowage.registry.upload.ResumableSha256;
import java.io.IOException;
import java.util.Locale;

/**
 * {@link BlobUploadBenchmark}'s comparison for noisy machines: registry and baseline uploads run
 * alternately (ABBA order, so drift in machine load hits both sides alike) after one unmeasured
 * warm-up round, for the whole-blob request and for 16 MiB requests; it prints each side's median
 * time and MB/s (10^6 bytes), the ratio registry/baseline throughput, and the median CPU time of
 * the measuring thread per upload, which a loaded machine disturbs far less than wall time.
 *
 * <p>Which SHA-256 the registry uses is fixed per JVM, so run it once with the opening and once
 * with the portable fallback:
 *
 * <pre>{@code
 * java --add-opens=java.base/sun.security.provider=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     dev.stowage.benchmarks.registry.BlobUploadInterleaved [size=256MiB] [rounds=6]
 * java -Dstowage.registry.sha256=portable -cp benchmarks/target/benchmarks.jar \
 *     dev.stowage.benchmarks.registry.BlobUploadInterleaved 256MiB 4
 * }</pre>
 */
public final class BlobUploadInterleaved {

    private BlobUploadInterleaved() {}

    public static void main(String[] args) throws IOException {
        long size = (Long) ParameterType.SIZE.convert(args.length > 0 ? args[0] : "256MiB");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        BlobUploads.checkImplementation();
        System.out.printf(Locale.ROOT, "registry SHA-256: %s; %d MiB per blob; %d rounds%n",
                ResumableSha256.implementation(), size >> 20, rounds);
        try (BlobUploads uploads = new BlobUploads(size)) {
            compare("whole", uploads, uploads::registryWhole, uploads::baselineWhole, rounds, size);
            compare("16MiB chunks", uploads, uploads::registryChunked, uploads::baselineChunked, rounds, size);
        }
    }

    private static void compare(String what, BlobUploads uploads, AbbaComparison.Op registry,
                                AbbaComparison.Op baseline, int rounds, long size) throws IOException {
        AbbaComparison.run(rounds, uploads::removeOutputs, registry, baseline)
                .print(what, "registry", "baseline", size, 1e6, "MB");
    }
}
