package dev.stowage.server.cli;

import dev.stowage.registry.upload.UploadPurgeReport;
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

/** {@code stowage purge-uploads [config.yml]}: removes uploads begun too long ago, once. */
@Command(name = "purge-uploads", mixinStandardHelpOptions = true,
        description = "Removes uploads begun longer ago than an age (the Go registry's upload purging, run once).")
final class PurgeUploadsCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--older-than", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Remove uploads older than this (default: storage.maintenance.uploadpurging.age, 168h).")
    Duration olderThan;

    @Option(names = {"-d", "--dry-run"}, description = "Report what would be removed; remove nothing.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ServerConfig config = options.load(System.getenv());
        Logging.configure(config.log());
        Duration age = olderThan != null ? olderThan : config.storage().uploadPurging().age();
        try (StowageRegistry registry = StowageRegistry.open(config, options.drivers(System.getenv()))) {
            UploadPurgeReport report = registry.registry().uploadPurger().purge(age, dryRun);
            PrintWriter out = spec.commandLine().getOut();
            for (UploadPurgeReport.Upload upload : report.purged()) {
                out.println((dryRun ? "would remove " : "removed ") + upload.repository() + " upload " + upload.id()
                        + " (started " + upload.startedAt() + ")");
            }
            report.errors().forEach(error -> out.println("error: " + error));
            out.println(report.count() + " uploads older than " + age + (dryRun ? " would be removed" : " removed"));
            out.flush();
            return report.errors().isEmpty() ? 0 : 1;
        }
    }
}
