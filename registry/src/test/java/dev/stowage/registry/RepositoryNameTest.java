package dev.stowage.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoryNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "library/ubuntu", "a.b/c_d/e__f/g--h-i", "0/1/2", "my-org/sub.team/app"})
    void acceptsTheOciGrammar(String name) throws Exception {
        assertThat(RepositoryName.parse(name).value()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Upper", "a//b", "/a", "a/", "-a", "a-", "a..b", "a___b", "_uploads", "a/_layers", "a b", "a:b"})
    void rejectsWhatTheGrammarDoesNotAllow(String name) {
        assertThatThrownBy(() -> RepositoryName.parse(name)).isInstanceOf(NameInvalidException.class)
                .hasMessageContaining(name.isEmpty() ? "empty" : "component");
    }

    @Test
    void namesAreAtMost255Characters() throws Exception {
        String longest = "a".repeat(127) + "/" + "b".repeat(127);
        assertThat(RepositoryName.parse(longest).value()).hasSize(255);
        assertThatThrownBy(() -> RepositoryName.parse(longest + "b")).isInstanceOf(NameInvalidException.class)
                .hasMessageContaining("256 characters").hasMessageContaining("at most 255");
    }

    @Test
    void theFailingComponentIsNamed() {
        assertThatThrownBy(() -> RepositoryName.parse("ok/fine/Bad")).hasMessageContaining("component 3 (\"Bad\")");
    }
}
