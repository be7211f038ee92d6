package dev.stowage.server.cli;

import dev.stowage.server.auth.AuthConfigurationException;
import dev.stowage.server.config.ConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code stowage} command: {@code serve}, {@code gc}, {@code purge-uploads},
 * {@code rebuild-referrers}, {@code version}. A configuration or start-up problem ends the
 * command with exit code 2 and one line naming it; any other failure with 1.
 */
@Command(name = "stowage", mixinStandardHelpOptions = true, versionProvider = VersionCommand.class,
        description = "A container registry (OCI distribution API v1.1) on any Stowage storage driver, "
                + "compatible with the Go registry's storage and config.yml.",
        subcommands = {ServeCommand.class, GcCommand.class, PurgeUploadsCommand.class, ReferrersCommand.class,
                VersionCommand.class})
public final class StowageCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code. */
    public static int run(String... args) {
        CommandLine line = new CommandLine(new StowageCommand());
        line.setExecutionExceptionHandler(StowageCommand::failed);
        return line.execute(args);
    }

    private static int failed(Exception e, CommandLine line, CommandLine.ParseResult result) {
        PrintWriter err = line.getErr();
        if (e instanceof ConfigException || e instanceof AuthConfigurationException
                || e instanceof IllegalArgumentException) {
            err.println("stowage: " + e.getMessage());
            err.flush();
            return 2;
        }
        if (e instanceof IOException) {
            err.println("stowage: " + e.getMessage());
            err.flush();
            return 1;
        }
        err.println("stowage: " + e);
        e.printStackTrace(err);
        err.flush();
        return 1;
    }
}
