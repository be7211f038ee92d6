package dev.stowage.driver.gcs;

import com.google.auth.oauth2.ServiceAccountCredentials;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;

/** Service-account credentials with a key made on the spot: they can sign URLs locally. */
final class TestCredentials {

    static final String CLIENT_EMAIL = "stowage-test@example-project.iam.gserviceaccount.com";
    private static KeyPair keys;

    static synchronized KeyPair keys() {
        if (keys == null) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                keys = generator.generateKeyPair();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return keys;
    }

    static ServiceAccountCredentials signing() {
        return ServiceAccountCredentials.newBuilder()
                .setClientEmail(CLIENT_EMAIL)
                .setClientId("1234")
                .setPrivateKey(keys().getPrivate())
                .setPrivateKeyId("test-key")
                .setProjectId("example-project")
                .build();
    }
}
