package dev.stowage.server.cli;

import dev.stowage.server.StowageRegistry;
import dev.stowage.server.config.ServerConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code stowage serve [config.yml]}: serves the registry API until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serves the OCI distribution API from the configured storage until stopped.")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        ServerConfig config = options.load(System.getenv());
        Logging.configure(config.log());
        StowageRegistry registry = StowageRegistry.open(config, options.drivers(System.getenv()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                registry.close();
            } catch (Exception e) {
                System.err.println("stowage: error while stopping: " + e);
            }
        }, "stowage-shutdown"));
        registry.serve();
        registry.join();
        return 0;
    }
}
