package dev.stowage.server.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.registry.testing.GoRegistry;
import dev.stowage.registry.testing.NativeTools;
import dev.stowage.server.StowageRegistry;
import dev.stowage.server.config.ServerConfig;
import dev.stowage.server.config.ServerConfigs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's packaged {@code /etc/docker/registry/config.yml} (copied into the test resources), with
 * the address and the root overridden by environment variables, served by Stowage and, for
 * comparison, by the Go registry itself.
 */
class DebianConfigTest {

    @TempDir
    Path work;

    /** The packaged config: the test resource, else the installed file. */
    private static Path packagedConfig(Path work) throws IOException {
        try (var in = DebianConfigTest.class.getResourceAsStream("/e2e/debian-config.yml")) {
            if (in != null) {
                return Files.write(work.resolve("config.yml"), in.readAllBytes());
            }
        }
        return Path.of("/etc/docker/registry/config.yml");
    }

    private Map<String, String> environment(String address) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("REGISTRY_HTTP_ADDR", address);
        env.put("REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY", work.resolve("store").toString());
        if (!Files.isDirectory(Path.of("/etc/docker/registry"))) {
            // Elsewhere than Debian: a directory again, as the package's path is.
            env.put("REGISTRY_AUTH_HTPASSWD_PATH", Files.createDirectories(work.resolve("htpasswd-dir")).toString());
        }
        return env;
    }

    private static String basic(String userPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes(UTF_8));
    }

    @Test
    void debiansPackagedConfigStartsAndChallengesWithBasicRealmLikeGo() throws Exception {
        Path file = packagedConfig(work);
        ServerConfig config = ServerConfigs.load(file, environment("127.0.0.1:0"));
        assertThat(config.storage().deleteEnabled()).isTrue();
        HttpResponse<byte[]> stowageAnonymous;
        HttpResponse<byte[]> stowageWithCredentials;
        try (StowageRegistry stowage = StowageRegistry.open(config, getClass().getClassLoader())) {
            stowage.serve();
            Http http = new Http(stowage.uri());
            stowageAnonymous = http.get("/v2/");
            stowageWithCredentials = http.get("/v2/", "Authorization", basic("docker:anything"));
            assertThat(http.send("POST", "/v2/debian/app/blobs/uploads/", new byte[0]).statusCode()).isEqualTo(401);
        }
        assertThat(stowageAnonymous.statusCode()).isEqualTo(401);
        assertThat(stowageAnonymous.headers().allValues("WWW-Authenticate")).containsExactly("Basic realm=\"basic-realm\"");
        assertThat(stowageAnonymous.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(stowageWithCredentials.statusCode()).isBetween(400, 499);
        assertThat(work.resolve("store/docker/registry/v2/repositories/debian")).doesNotExist();

        // The Go registry on the same file and overrides answers the same way.
        int port = NativeTools.freePort();
        Map<String, String> env = environment("127.0.0.1:" + port);
        ProcessBuilder builder = new ProcessBuilder(List.of(GoRegistry.binary().toString(), "serve", file.toString()))
                .redirectErrorStream(true).redirectOutput(work.resolve("go.log").toFile());
        builder.environment().putAll(env);
        Process go = builder.start();
        try {
            Http http = new Http(URI.create("http://127.0.0.1:" + port));
            HttpResponse<byte[]> goAnonymous = awaitAnswer(http, go);
            HttpResponse<byte[]> goWithCredentials = http.get("/v2/", "Authorization", basic("docker:anything"));
            assertThat(goAnonymous.statusCode()).isEqualTo(stowageAnonymous.statusCode());
            assertThat(goAnonymous.headers().allValues("WWW-Authenticate"))
                    .isEqualTo(stowageAnonymous.headers().allValues("WWW-Authenticate"));
            assertThat(goWithCredentials.statusCode()).as("Go's answer with credentials: %s", Http.text(goWithCredentials))
                    .isEqualTo(stowageWithCredentials.statusCode());
        } finally {
            NativeTools.stop(go);
        }
    }

    private HttpResponse<byte[]> awaitAnswer(Http http, Process go) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && go.isAlive()) {
            try {
                return http.get("/v2/");
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("docker-registry did not answer: " + Files.readString(work.resolve("go.log")));
    }
}
