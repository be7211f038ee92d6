package dev.stowage.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code stowage version}: the version of this build and of the OCI distribution API it serves. */
@Command(name = "version", description = "Prints the version.")
final class VersionCommand implements Callable<Integer>, CommandLine.IVersionProvider {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        for (String line : getVersion()) {
            spec.commandLine().getOut().println(line);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    @Override
    public String[] getVersion() {
        String version = StowageCommand.class.getPackage().getImplementationVersion();
        return new String[] {"stowage " + (version == null ? "development build" : version)
                + " (OCI distribution API v1.1, Docker registry API v2; Java " + Runtime.version() + ")"};
    }
}
