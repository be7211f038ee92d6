package dev.stowage.server.e2e;

import static dev.stowage.server.e2e.E2e.skopeo;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.registry.Descriptor;
import dev.stowage.registry.testing.Skopeo;
import dev.stowage.server.StowageRegistry;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** auth.htpasswd with a bcrypt htpasswd file made here: skopeo with and without credentials, the Basic challenge. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HtpasswdAuthTest {

    @TempDir
    static Path work;

    private StowageRegistry server;
    private String host;
    private Skopeo.Image image;

    @BeforeAll
    void start() throws Exception {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        String hash = OpenBSDBCrypt.generate("2y", "s3cret-pass".toCharArray(), salt, 6);
        Path htpasswd = Files.writeString(work.resolve("htpasswd"), "alice:" + hash + "\n");
        server = E2e.serve(E2e.config(work.resolve("store"), true, "",
                "auth:\n  htpasswd:\n    realm: e2e-realm\n    path: \"" + htpasswd + "\"\n"));
        host = E2e.hostPort(server);
        image = Skopeo.buildImage(work.resolve("image"), "v1", 2, 40_000, 21);
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    private void push(String repository, String... credentials) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--dest-tls-verify=false", "--preserve-digests"));
        args.addAll(List.of(credentials));
        args.addAll(List.of("oci:" + image.layout() + ":v1", "docker://" + host + "/" + repository + ":v1"));
        skopeo().copy(args);
    }

    private Path pull(String repository, String dir, String... credentials) throws Exception {
        Path out = Files.createDirectories(work.resolve(dir));
        List<String> args = new java.util.ArrayList<>(List.of("--src-tls-verify=false", "--preserve-digests",
                "--dest-oci-accept-uncompressed-layers"));
        args.addAll(List.of(credentials));
        args.addAll(List.of("docker://" + host + "/" + repository + ":v1", "oci:" + out + ":v1"));
        skopeo().copy(args);
        return out;
    }

    private static void assertUnauthorized(Throwable e) {
        assertThat(e).isInstanceOf(IOException.class);
        assertThat(e.getMessage().toLowerCase(Locale.ROOT)).containsAnyOf("unauthorized", "authentication required", "401");
    }

    @Test
    void pushAndPullWithTheRightCredentialsSucceed() throws Exception {
        push("auth/ok", "--dest-creds", "alice:s3cret-pass");
        Path out = pull("auth/ok", "pulled", "--src-creds", "alice:s3cret-pass");
        assertThat(E2e.verifyLayout(out, "v1")).contains(image.manifest().digest());
        for (Descriptor blob : image.blobs()) {
            assertThat(Files.readAllBytes(Skopeo.blobPath(out, blob.digest())))
                    .isEqualTo(Files.readAllBytes(image.blob(blob.digest())));
        }
    }

    @Test
    void pushWithoutCredentialsIsRefused() {
        assertThatThrownBy(() -> push("auth/anonymous")).satisfies(HtpasswdAuthTest::assertUnauthorized);
        assertThat(work.resolve("store/docker/registry/v2/repositories/auth/anonymous")).doesNotExist();
    }

    @Test
    void pushWithAWrongPasswordIsRefused() {
        assertThatThrownBy(() -> push("auth/wrong", "--dest-creds", "alice:not-the-password"))
                .satisfies(HtpasswdAuthTest::assertUnauthorized);
        assertThatThrownBy(() -> push("auth/wrong", "--dest-creds", "mallory:s3cret-pass"))
                .satisfies(HtpasswdAuthTest::assertUnauthorized);
        assertThat(work.resolve("store/docker/registry/v2/repositories/auth/wrong")).doesNotExist();
    }

    @Test
    void pullWithoutOrWithWrongCredentialsIsRefused() throws Exception {
        push("auth/private", "--dest-creds", "alice:s3cret-pass");
        assertThatThrownBy(() -> pull("auth/private", "anonymous-pull")).satisfies(HtpasswdAuthTest::assertUnauthorized);
        assertThatThrownBy(() -> pull("auth/private", "wrong-pull", "--src-creds", "alice:nope"))
                .satisfies(HtpasswdAuthTest::assertUnauthorized);
    }

    @Test
    void baseEndpointChallengesWithBasicRealmOverPlainHttp() throws Exception {
        Http http = new Http(server.uri());
        HttpResponse<byte[]> anonymous = http.get("/v2/");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().allValues("WWW-Authenticate")).containsExactly("Basic realm=\"e2e-realm\"");
        assertThat(Http.text(anonymous)).contains("UNAUTHORIZED");
        assertThat(anonymous.headers().firstValue("Docker-Distribution-API-Version")).hasValue("registry/2.0");

        HttpResponse<byte[]> wrong = http.get("/v2/", "Authorization", basic("alice:wrong"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"e2e-realm\"");

        HttpResponse<byte[]> right = http.get("/v2/", "Authorization", basic("alice:s3cret-pass"));
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(http.get("/v2/_catalog").statusCode()).isEqualTo(401);
    }

    private static String basic(String userPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes(UTF_8));
    }
}
