package dev.stowage.driver.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.BlobInfo;
import dev.stowage.driver.RedirectRequest;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDriverException;
import dev.stowage.driver.StorageDrivers;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcsSessionSafetyTest {

    private final LocalGcs gcs = new LocalGcs();

    private void plantSession(String key, byte[] content) {
        gcs.storage().create(BlobInfo.newBuilder(LocalGcs.BUCKET, key).build(), content);
    }

    @Test
    void aGarbageSessionObjectIsAClearErrorNotACrash() throws Exception {
        StorageDriver driver = gcs.driver(Map.of());
        plantSession(GcsLayout.SESSIONS + "f", "not a session".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> driver.writer("/f", true))
                .isInstanceOf(StorageDriverException.class)
                .hasMessageContaining("persisted upload session is unreadable")
                .hasMessageContaining("/f");
    }

    @Test
    void aPlantedSessionOfAnUnexpectedClassIsRefusedByTheDeserialisationFilter() throws Exception {
        StorageDriver driver = gcs.driver(Map.of());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new java.io.File("/etc/passwd")); // any class outside the allow-list
        }
        plantSession(GcsLayout.SESSIONS + "g", bytes.toByteArray());
        assertThatThrownBy(() -> driver.writer("/g", true))
                .isInstanceOf(StorageDriverException.class)
                .hasMessageContaining("REJECTED");
    }

    @Test
    void aKeyfileWithAServiceAccountKeyAndAnEndpointSignsRedirectsForThatHost(@TempDir Path dir) throws Exception {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(TestCredentials.keys().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        String json = "{\"type\":\"service_account\",\"project_id\":\"example-project\",\"private_key_id\":\"k1\","
                + "\"private_key\":\"" + pem.replace("\n", "\\n") + "\",\"client_email\":\"" + TestCredentials.CLIENT_EMAIL + "\","
                + "\"client_id\":\"1\",\"token_uri\":\"https://oauth2.googleapis.com/token\"}";
        Path keyfile = Files.writeString(dir.resolve("key.json"), json);
        try (StorageDriver driver = StorageDrivers.create(new GcsDriverFactory(), Map.of("bucket", "b", "keyfile", keyfile.toString(),
                "endpoint", "http://127.0.0.1:1", "rootdirectory", "r"))) {
            assertThat(driver.capabilities().redirect()).isTrue();
            // V4 signing is local: nothing is sent to the (unreachable) endpoint
            Optional<URI> url = driver.redirectUrl("/x", RedirectRequest.get(Duration.ofMinutes(1)));
            assertThat(url).get().satisfies(u -> {
                assertThat(u.getHost()).isEqualTo("127.0.0.1");
                assertThat(u.getPort()).isEqualTo(1);
                assertThat(u.getPath()).isEqualTo("/b/r/x");
                assertThat(u.getQuery()).contains("X-Goog-Credential=" + TestCredentials.CLIENT_EMAIL);
            });
        }
    }
}
