package dev.stowage.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtpasswdAccessControllerTest {

    private static final List<Access> PULL = List.of(Access.repository("foo/bar", "pull"));

    @TempDir Path dir;

    private static String hash(String version, String password, int cost) {
        return HtpasswdFile.bcrypt(version, password.getBytes(StandardCharsets.UTF_8), cost);
    }

    private static Optional<String> basic(String user, String password) {
        return Optional.of("Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private AccessController controller(String... lines) throws Exception {
        Path file = dir.resolve("htpasswd");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return AccessControllers.htpasswd(new HtpasswdSettings("test-realm", file));
    }

    private static void assertBasicChallenge(Decision decision, List<Access> required) {
        assertThat(decision).isInstanceOf(Decision.Challenge.class);
        Decision.Challenge challenge = (Decision.Challenge) decision;
        assertThat(challenge.status()).isEqualTo(401);
        assertThat(challenge.errorCode()).isEqualTo("UNAUTHORIZED");
        assertThat(challenge.message()).isEqualTo("authentication required");
        assertThat(challenge.wwwAuthenticate()).containsExactly("Basic realm=\"test-realm\"");
        assertThat(challenge.required()).isEqualTo(required);
    }

    @Test
    void rightPasswordGrantsForEveryBcryptVariant() throws Exception {
        AccessController controller = controller(
                "# a comment", "", "alice:" + hash("2y", "s3cret", 4), "bob:" + hash("2a", "hunter2", 4),
                "  carol:" + hash("2b", "pässwörd", 4) + "  ");

        assertThat(controller.authorize(basic("alice", "s3cret"), PULL)).isEqualTo(new Decision.Granted("alice"));
        assertThat(controller.authorize(basic("bob", "hunter2"), PULL)).isEqualTo(new Decision.Granted("bob"));
        assertThat(controller.authorize(basic("carol", "pässwörd"), PULL)).isEqualTo(new Decision.Granted("carol"));
    }

    @Test
    void aPasswordMayHoldColons() throws Exception {
        AccessController controller = controller("alice:" + hash("2y", "a:b:c", 4));

        assertThat(controller.authorize(basic("alice", "a:b:c"), PULL)).isEqualTo(new Decision.Granted("alice"));
    }

    @Test
    void wrongPasswordIsChallengedWithTheRequiredAccessAsDetail() throws Exception {
        AccessController controller = controller("alice:" + hash("2y", "s3cret", 4));

        Decision decision = controller.authorize(basic("alice", "S3cret"), PULL);

        assertBasicChallenge(decision, PULL);
        assertThat(((Decision.Challenge) decision).detail()).containsExactly(PULL.get(0).toDetail());
    }

    @Test
    void unknownUserIsChallenged() throws Exception {
        AccessController controller = controller("alice:" + hash("2y", "s3cret", 4));

        assertBasicChallenge(controller.authorize(basic("mallory", "s3cret"), PULL), PULL);
    }

    @Test
    void missingOrMalformedHeadersAreChallengedNotThrown() throws Exception {
        AccessController controller = controller("alice:" + hash("2y", "s3cret", 4));
        String noColon = Base64.getEncoder().encodeToString("alices3cret".getBytes(StandardCharsets.UTF_8));

        for (Optional<String> header : List.of(Optional.<String>empty(), Optional.of(""), Optional.of("Basic"),
                Optional.of("Basic !!!not-base64"), Optional.of("Basic " + noColon), Optional.of("Bearer abc"),
                Optional.of("Digest username=alice"))) {
            assertBasicChallenge(controller.authorize(header, List.of()), List.of());
        }
    }

    @Test
    void theSchemeIsCaseInsensitive() throws Exception {
        AccessController controller = controller("alice:" + hash("2y", "s3cret", 4));
        String header = basic("alice", "s3cret").orElseThrow().replace("Basic", "bAsIc");

        assertThat(controller.authorize(Optional.of(header), PULL)).isInstanceOf(Decision.Granted.class);
    }

    @Test
    void nonBcryptEntriesNeverMatch() throws Exception {
        // apr1-MD5, SHA1 and plain-text entries of "secret", as htpasswd -m, -s and -p would write them.
        AccessController controller = controller(
                "md5:$apr1$hP4hM0vP$0e6N9mkb/Xbb7yuj59ZeX/", "sha:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=",
                "plain:secret", "broken:$2y$04$tooShort");

        for (String user : List.of("md5", "sha", "plain", "broken")) {
            assertBasicChallenge(controller.authorize(basic(user, "secret"), PULL), PULL);
        }
    }

    @Test
    void unknownUsersCostABcryptCheckLikeKnownOnes() throws Exception {
        AccessController controller = controller("alice:" + hash("2y", "s3cret", 10));

        long known = Long.MAX_VALUE;
        long unknown = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            controller.authorize(basic("alice", "wrong"), PULL);
            known = Math.min(known, System.nanoTime() - start);
            start = System.nanoTime();
            controller.authorize(basic("nobody", "wrong"), PULL);
            unknown = Math.min(unknown, System.nanoTime() - start);
        }

        // Without the dummy check an unknown user returns in microseconds; a cost-10 check takes milliseconds.
        assertThat(unknown).isGreaterThan(known / 3);
    }

    @Test
    void aLineWithoutAColonFailsStartUpNamingFileAndLine() throws Exception {
        Path file = dir.resolve("htpasswd");
        Files.writeString(file, "# users\nalice:" + hash("2y", "x", 4) + "\nbob\n");

        assertThatThrownBy(() -> AccessControllers.htpasswd(new HtpasswdSettings("r", file)))
                .isInstanceOf(AuthConfigurationException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("line 3");
    }

    @Test
    void aMissingFileIsCreatedWithUserDockerAsGoDoes() throws Exception {
        Path file = dir.resolve("sub/dir/htpasswd");

        AccessController controller = AccessControllers.htpasswd(new HtpasswdSettings("r", file));

        String content = Files.readString(file);
        assertThat(content).startsWith("docker:$2a$10$").doesNotContain("\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(controller.authorize(basic("docker", "guess"), List.of())).isInstanceOf(Decision.Challenge.class);
    }

    @Test
    void aDirectoryPathStartsChallengesAnonymousRequestsAndFailsCredentialedOnes() throws Exception {
        // Debian's /etc/docker/registry/config.yml: htpasswd path /etc/docker/registry, a directory.
        AccessController controller = AccessControllers.htpasswd(new HtpasswdSettings("basic-realm", dir));

        Decision anonymous = controller.authorize(Optional.empty(), List.of());
        assertThat(anonymous).isInstanceOf(Decision.Challenge.class);
        assertThat(((Decision.Challenge) anonymous).wwwAuthenticate()).containsExactly("Basic realm=\"basic-realm\"");

        Decision credentialed = controller.authorize(basic("docker", "x"), List.of());
        assertThat(credentialed).isInstanceOf(Decision.Failure.class);
        assertThat(((Decision.Failure) credentialed).status()).isEqualTo(400);
        assertThat(((Decision.Failure) credentialed).reason()).contains("is a directory");
    }

    @Test
    void theFileIsReadAgainWhenItsModificationTimeChanges() throws Exception {
        Path file = dir.resolve("htpasswd");
        Files.writeString(file, "alice:" + hash("2y", "one", 4) + "\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-01-01T00:00:00Z")));
        AccessController controller = AccessControllers.htpasswd(new HtpasswdSettings("r", file));
        assertThat(controller.authorize(basic("alice", "one"), PULL)).isInstanceOf(Decision.Granted.class);

        Files.writeString(file, "alice:" + hash("2y", "two", 4) + "\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-01-02T00:00:00Z")));

        assertThat(controller.authorize(basic("alice", "one"), PULL)).isInstanceOf(Decision.Challenge.class);
        assertThat(controller.authorize(basic("alice", "two"), PULL)).isInstanceOf(Decision.Granted.class);
    }

    @Test
    void aMalformedRewriteKeepsTheEntriesReadBefore() throws Exception {
        Path file = dir.resolve("htpasswd");
        Files.writeString(file, "alice:" + hash("2y", "one", 4) + "\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-01-01T00:00:00Z")));
        AccessController controller = AccessControllers.htpasswd(new HtpasswdSettings("r", file));

        Files.writeString(file, "garbage\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-01-02T00:00:00Z")));

        assertThat(controller.authorize(basic("alice", "one"), PULL)).isInstanceOf(Decision.Granted.class);
    }

    @Test
    void accessControlOffGrantsEverything() {
        assertThat(AccessControllers.none().authorize(Optional.of("garbage"), List.of(Access.catalog())))
                .isEqualTo(new Decision.Granted(""));
    }
}
