package dev.stowage.driver.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.driver.RedirectRequest;
import dev.stowage.driver.StorageDriver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** redirectUrl gives a service SAS that a plain HTTP client can use, and only as signed. */
class RedirectTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private StorageDriver driver;
    private final byte[] content = AzureDriverTest.random(4321, 7);

    @BeforeEach
    void store() throws IOException {
        driver = TestDrivers.create(Azurite.get().parameters());
        driver.putContent("/blobs/sha256/ab/data", content);
    }

    @AfterEach
    void close() throws IOException {
        driver.close();
    }

    @Test
    void theSasUrlServesTheBytesToAPlainGet() throws Exception {
        URI url = driver.redirectUrl("/blobs/sha256/ab/data", RedirectRequest.get(Duration.ofMinutes(5))).orElseThrow();

        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(content);
        assertThat(url.getQuery()).contains("sig=").contains("sp=r");
    }

    @Test
    void theSasUrlAnswersAHeadWithTheSize() throws Exception {
        URI url = driver.redirectUrl("/blobs/sha256/ab/data", RedirectRequest.head(Duration.ofMinutes(5))).orElseThrow();

        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValueAsLong("content-length")).hasValue(content.length);
    }

    @Test
    void aTamperedSasIsRefused() throws Exception {
        URI url = driver.redirectUrl("/blobs/sha256/ab/data", RedirectRequest.get(Duration.ofMinutes(5))).orElseThrow();
        Map<String, String> query = new HashMap<>();
        for (String pair : url.getRawQuery().split("&")) {
            query.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        // grant write permission the signature does not cover
        URI tampered = URI.create(url.toString().replace("sp=" + query.get("sp"), "sp=rw"));
        assertThat(tampered).isNotEqualTo(url);
        // and a signature that is not the one signed
        String sig = query.get("sig");
        URI forged = URI.create(url.toString().replace("sig=" + sig, "sig=" + (sig.charAt(0) == 'A' ? 'B' : 'A') + sig.substring(1)));

        for (URI bad : new URI[] {tampered, forged}) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(bad).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(bad.toString()).isEqualTo(403);
            assertThat(response.body()).doesNotContain(new String(content, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void anExpiryLongerThanTheConfiguredMaximumIsCutToIt() throws Exception {
        Map<String, Object> parameters = Azurite.get().parameters();
        parameters.put("redirectmaxexpiry", "1h");
        try (StorageDriver limited = TestDrivers.create(parameters)) {
            OffsetDateTime before = OffsetDateTime.now(ZoneOffset.UTC).withNano(0);
            URI url = limited.redirectUrl("/x", RedirectRequest.get(Duration.ofHours(2))).orElseThrow();
            OffsetDateTime after = OffsetDateTime.now(ZoneOffset.UTC);
            String signedExpiry = java.net.URLDecoder.decode(queryParameter(url, "se"), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(OffsetDateTime.parse(signedExpiry)).isBetween(before.plusHours(1), after.plusHours(1));
        }
    }

    private static String queryParameter(URI url, String name) {
        for (String pair : url.getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no " + name + " in " + url);
    }
}
