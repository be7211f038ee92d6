package dev.stowage.driver.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.driver.InvalidParameterException;
import dev.stowage.driver.ParameterSpec;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDriverFactory;
import dev.stowage.driver.StorageDrivers;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parameters are checked before anything is contacted, and errors name the key and the value. */
class AzureParametersTest {

    private static Map<String, Object> valid() {
        Map<String, Object> p = new HashMap<>();
        p.put("accountname", "devstoreaccount1");
        p.put("accountkey", Azurite.KEY);
        p.put("container", "registry");
        p.put("serviceurl", "http://127.0.0.1:9/devstoreaccount1");
        return p;
    }

    @Test
    void theFactoryIsRegisteredAsAzureAndDeclaresEveryParameter() {
        StorageDriverFactory factory = StorageDrivers.available().stream()
                .filter(f -> f.name().equals("azure")).findFirst().orElseThrow();
        assertThat(factory.parameters()).extracting(ParameterSpec::name).contains("accountname", "accountkey", "container",
                "serviceurl", "rootdirectory", "credentialstype", "connectionstring", "max_retries", "retry_try_timeout",
                "retry_delay", "max_retry_delay", "chunksize", "buffermemory", "redirectmaxexpiry");
        assertThat(factory.parameters()).filteredOn(ParameterSpec::required).extracting(ParameterSpec::name)
                .containsExactly("container");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "container|Bad_Name|not a container name",
        "container|ab|not a container name",
        "container|a--b|not a container name",
        "credentialstype|certificate|unknown type 'certificate'",
        "chunksize|512|between 1KiB",
        "chunksize|5GiB|between 1KiB",
        "buffermemory|4MiB|must be at least one part (chunksize",
        "rootdirectory|/a/../b|not a root directory",
        "rootdirectory|/a b|not a root directory",
        "serviceurl|ftp://example.com|not an http or https URL",
        "serviceurl|http://127.0.0.1:1/x?sv=1|must not carry a query",
        "max_retries|-1|between 0 and 100",
        "retry_delay|soon|expected a duration",
        "max_retry_delay|1ms|must not be shorter than retry_delay",
        "redirectmaxexpiry|0s|is not positive",
        "redirectmaxexpiry|169h|at most 7 days",
        "unknownkey|1|unknown parameter",
    })
    void aBadValueIsRefusedNamingTheKey(String key, String value, String message) {
        Map<String, Object> p = valid();
        p.put(key, value);

        assertThatThrownBy(() -> StorageDrivers.create("azure", p))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.parameter()).isEqualTo(key))
                .hasMessageContaining("azure").hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0} without {1}")
    @CsvSource({
        "shared_key,accountkey",
        "shared_key,accountname",
        "client_secret,tenantid",
        "connection_string,connectionstring",
        "default_credentials,accountname",
    })
    void eachCredentialsTypeRequiresItsKeys(String type, String missing) {
        Map<String, Object> p = valid();
        p.put("credentialstype", type);
        p.put("tenantid", "t");
        p.put("clientid", "c");
        p.put("secret", "s");
        p.remove(missing);

        assertThatThrownBy(() -> StorageDrivers.create("azure", p))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.parameter()).isEqualTo(missing))
                .hasMessageContaining("required with credentialstype " + type);
    }

    @Test
    void theContainerIsRequired() {
        Map<String, Object> p = valid();
        p.remove("container");
        assertThatThrownBy(() -> StorageDrivers.create("azure", p))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.parameter()).isEqualTo("container"));
    }

    @Test
    void aConnectionStringWithAnAccountKeyWorksAndSigns() throws IOException {
        Azurite azurite = Azurite.get();
        Map<String, Object> p = azurite.parameters();
        p.remove("accountname");
        p.remove("accountkey");
        p.remove("serviceurl");
        p.put("connectionstring", "DefaultEndpointsProtocol=http;AccountName=" + Azurite.ACCOUNT + ";AccountKey=" + Azurite.KEY
                + ";BlobEndpoint=" + azurite.serviceUrl() + ";");
        try (StorageDriver driver = StorageDrivers.create("azure", p)) {
            driver.putContent("/cs/file", new byte[] {1, 2, 3});
            assertThat(driver.getContent("/cs/file")).containsExactly(1, 2, 3);
            assertThat(driver.capabilities().redirect()).isTrue();
            driver.delete("/cs");
        }
    }

    @Test
    void environmentTextIsConverted() throws IOException {
        Map<String, Object> p = Azurite.get().parameters();
        p.put("chunksize", "64KiB");
        p.put("max_retries", "2");
        p.put("retry_try_timeout", "30s");
        try (StorageDriver driver = StorageDrivers.create("azure", p)) {
            assertThat(driver.capabilities().minPartSize()).isEqualTo(64 << 10);
        }
    }
}
