package dev.stowage.server.cli;

import dev.stowage.registry.gc.GcOptions;
import dev.stowage.registry.gc.GcReport;
import dev.stowage.server.StowageRegistry;
import dev.stowage.server.config.ServerConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stowage gc [config.yml]}: mark and sweep over every repository, as the Go registry's
 * {@code garbage-collect}, plus OCI referrers and a grace period for blobs of pushes in progress.
 */
@Command(name = "gc", aliases = "garbage-collect", mixinStandardHelpOptions = true,
        description = "Deletes blobs and manifests no tag or manifest references (safe while pushes go on).")
final class GcCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = {"-d", "--dry-run"}, description = "Report what would be deleted; delete nothing.")
    boolean dryRun;

    @Option(names = {"-m", "--delete-untagged"}, description = "Also delete manifests no tag points at (and their referrers).")
    boolean deleteUntagged;

    @Option(names = "--grace-period", paramLabel = "DURATION", defaultValue = "1h", converter = DurationConverter.class,
            description = "Blobs younger than this are kept even when unreferenced, e.g. 1h, 30m, 0s (default: 1h).")
    Duration gracePeriod;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ServerConfig config = options.load(System.getenv());
        Logging.configure(config.log());
        try (StowageRegistry registry = StowageRegistry.open(config, options.drivers(System.getenv()))) {
            GcReport report = registry.registry().garbageCollector().collect(GcOptions.defaults()
                    .withDryRun(dryRun).withDeleteUntagged(deleteUntagged).withGracePeriod(gracePeriod));
            PrintWriter out = spec.commandLine().getOut();
            report.lines().forEach(out::println);
            out.flush();
        }
        return 0;
    }
}
