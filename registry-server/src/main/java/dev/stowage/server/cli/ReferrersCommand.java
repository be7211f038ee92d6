package dev.stowage.server.cli;

import dev.stowage.registry.RepositoryName;
import dev.stowage.registry.catalog.Catalog;
import dev.stowage.registry.manifest.Referrers;
import dev.stowage.server.StowageRegistry;
import dev.stowage.server.config.ServerConfig;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stowage rebuild-referrers [config.yml]}: makes the OCI referrers index again from the
 * manifests, for a store another registry (the Go registry) wrote.
 */
@Command(name = "rebuild-referrers", mixinStandardHelpOptions = true,
        description = "Rebuilds the referrers index of every repository (or one) from its manifests.")
final class ReferrersCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--repository", paramLabel = "NAME", description = "Only this repository.")
    String repository;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ServerConfig config = options.load(System.getenv());
        Logging.configure(config.log());
        PrintWriter out = spec.commandLine().getOut();
        try (StowageRegistry stowage = StowageRegistry.open(config, options.drivers(System.getenv()))) {
            if (repository != null) {
                report(out, stowage, RepositoryName.parse(repository));
            } else {
                Catalog catalog = stowage.registry().catalog();
                Optional<RepositoryName> last = Optional.empty();
                while (true) {
                    Catalog.Page page = catalog.page(last, 1000);
                    for (RepositoryName name : page.repositories()) {
                        report(out, stowage, name);
                    }
                    if (!page.more()) {
                        break;
                    }
                    last = page.last();
                }
            }
        }
        out.flush();
        return 0;
    }

    private static void report(PrintWriter out, StowageRegistry stowage, RepositoryName name) throws Exception {
        Referrers.RebuildReport report = stowage.registry().repository(name).referrers().rebuild();
        out.println(name + ": " + report.manifests() + " manifests read, " + report.added() + " entries added, "
                + report.removed() + " stale entries removed");
    }

}
