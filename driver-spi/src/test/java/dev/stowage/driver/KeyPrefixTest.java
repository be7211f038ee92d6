package dev.stowage.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyPrefixTest {

    private static KeyPrefix of(String rootDirectory) throws InvalidParameterException {
        return KeyPrefix.of(DriverParameters.bind("objects",
                List.of(ParameterSpec.optional(KeyPrefix.PARAMETER, ParameterType.STRING, "", "root")),
                rootDirectory == null ? Map.of() : Map.of(KeyPrefix.PARAMETER, rootDirectory)));
    }

    @Test
    void noRootDirectoryMeansKeysAreThePathsWithoutTheirSlash() throws Exception {
        for (String none : new String[] {null, "", "/", "//", " "}) {
            KeyPrefix prefix = of(none);
            assertThat(prefix).as("rootdirectory %s", none).isEqualTo(KeyPrefix.NONE);
            assertThat(prefix.key("/a/b")).isEqualTo("a/b");
            assertThat(prefix.below("/")).isEmpty();
        }
    }

    @Test
    void leadingAndTrailingSlashesOfTheRootAreOptional() throws Exception {
        for (String root : new String[] {"registry/v2", "/registry/v2", "/registry/v2/", "registry/v2//"}) {
            assertThat(of(root).value()).as("rootdirectory %s", root).isEqualTo("registry/v2/");
        }
    }

    @Test
    void keysAndPrefixesLieBelowTheRoot() throws Exception {
        KeyPrefix prefix = of("/registry");
        assertThat(prefix.key("/a/b")).isEqualTo("registry/a/b");
        assertThat(prefix.below("/")).isEqualTo("registry/");
        assertThat(prefix.below("/a")).isEqualTo("registry/a/");
    }

    @Test
    void aKeyMapsBackToItsPathOnlyWhenItIsAPathBelowTheRoot() throws Exception {
        KeyPrefix prefix = of("/registry");
        assertThat(prefix.path("registry/a/b")).contains("/a/b");
        assertThat(prefix.path("other/a/b")).isEmpty();
        assertThat(prefix.path("registry/")).isEmpty();
        assertThat(prefix.path("registry/~hidden/x")).isEmpty();
        assertThat(KeyPrefix.NONE.path("a/b")).contains("/a/b");
    }

    @Test
    void aRootThatIsNotAPathIsRefusedNamingTheParameter() {
        for (String bad : new String[] {"reg istry", "a//b", "a/../b", "./a", "ü"}) {
            assertThatThrownBy(() -> of(bad)).as("rootdirectory %s", bad)
                    .isInstanceOf(InvalidParameterException.class)
                    .hasMessageContaining("objects: parameter 'rootdirectory': '" + bad + "' is not a root directory")
                    .extracting(e -> ((InvalidParameterException) e).parameter()).isEqualTo("rootdirectory");
        }
    }

    @Test
    void aPrefixValueMustBeInItsNormalForm() {
        assertThat(new KeyPrefix("a/b/").value()).isEqualTo("a/b/");
        for (String bad : new String[] {"a", "/a/", "a//", "../"}) {
            assertThatThrownBy(() -> new KeyPrefix(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
    }
}
