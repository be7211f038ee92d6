package dev.stowage.driver;

import java.time.Duration;
import java.util.List;

/** Registers {@link MapDriver} as {@code map} in the SPI's test class path, with one of each parameter type. */
public class MapDriverFactory implements StorageDriverFactory {

    static volatile DriverParameters lastBound;

    @Override
    public String name() {
        return "map";
    }

    @Override
    public StorageDriver create(DriverParameters parameters) {
        lastBound = parameters;
        return new MapDriver();
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.required("bucket", ParameterType.STRING, "bucket name"),
                ParameterSpec.optional("secure", ParameterType.BOOLEAN, true, "use TLS"),
                ParameterSpec.optional("maxthreads", ParameterType.INTEGER, 100L, "thread bound"),
                ParameterSpec.optional("chunksize", ParameterType.SIZE, "10MiB", "part size"),
                ParameterSpec.optional("expiry", ParameterType.DURATION, Duration.ofMinutes(20), "redirect expiry"));
    }
}
