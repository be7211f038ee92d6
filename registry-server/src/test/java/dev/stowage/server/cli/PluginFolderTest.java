package dev.stowage.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDrivers;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drivers outside the server's own class path are found in the jars of a plugin folder. */
class PluginFolderTest {

    @TempDir
    Path dir;

    /** Compiles a driver factory named {@code plugged} (an in-memory driver under another name) into a jar. */
    private Path pluginJar() throws IOException {
        Path source = Files.createDirectories(dir.resolve("src/example")).resolve("PluggedFactory.java");
        Files.writeString(source, """
                package example;
                import dev.stowage.driver.*;
                import java.io.IOException;
                import java.util.*;
                public final class PluggedFactory implements StorageDriverFactory {
                    public String name() { return "plugged"; }
                    public List<ParameterSpec> parameters() { return List.of(); }
                    public StorageDriver create(Map<String, Object> parameters) throws IOException {
                        return new ForwardingStorageDriver(StorageDrivers.create("inmemory", Map.of())) {
                            @Override public String name() { return "plugged"; }
                        };
                    }
                }
                """);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                source.toString());
        assertThat(status).as("the plugin compiles").isZero();
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path jar = plugins.resolve("plugged.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Path file : List.of(classes.resolve("example/PluggedFactory.class"), classes.resolve("example/PluggedFactory$1.class"))) {
                out.putNextEntry(new JarEntry("example/" + file.getFileName()));
                Files.copy(file, out);
            }
            out.putNextEntry(new JarEntry("META-INF/services/dev.stowage.driver.StorageDriverFactory"));
            OutputStream entry = out;
            entry.write("example.PluggedFactory\n".getBytes(StandardCharsets.UTF_8));
        }
        return plugins;
    }

    @Test
    void aDriverInThePluginFolderIsFoundByName() throws Exception {
        ConfigOptions options = new ConfigOptions();
        options.plugins = pluginJar();
        ClassLoader loader = options.drivers(Map.of());
        try (StorageDriver driver = StorageDrivers.create("plugged", Map.of(), loader)) {
            driver.putContent("/x", new byte[] {1});
            assertThat(driver.getContent("/x")).containsExactly(1);
            assertThat(driver.name()).isEqualTo("plugged");
        }
        assertThatThrownBy(() -> StorageDrivers.create("plugged", Map.of(), getClass().getClassLoader()))
                .as("not on the server's own class path").isInstanceOf(IOException.class);
    }

    @Test
    void aNamedPluginFolderThatDoesNotExistIsAnError() {
        ConfigOptions options = new ConfigOptions();
        options.plugins = dir.resolve("missing");
        assertThatThrownBy(() -> options.drivers(Map.of())).isInstanceOf(IOException.class)
                .hasMessageContaining("missing").hasMessageContaining("does not exist");
    }
}
