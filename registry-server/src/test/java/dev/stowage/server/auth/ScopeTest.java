package dev.stowage.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScopeTest {

    @Test
    void parsesAndPrintsARepositoryScope() {
        Scope scope = Scope.parse("repository:foo/bar:pull,push");

        assertThat(scope.resource()).isEqualTo(Resource.repository("foo/bar"));
        assertThat(scope.actions()).containsExactly("pull", "push");
        assertThat(scope).hasToString("repository:foo/bar:pull,push");
    }

    @Test
    void aNameMayHoldAHostWithAPort() {
        Scope scope = Scope.parse("repository:localhost:5000/foo/bar:pull");

        assertThat(scope.resource().name()).isEqualTo("localhost:5000/foo/bar");
        assertThat(scope.actions()).containsExactly("pull");
        assertThat(scope).hasToString("repository:localhost:5000/foo/bar:pull");
    }

    @Test
    void theCatalogScopeRoundTrips() {
        assertThat(Scope.parse("registry:catalog:*").accesses()).containsExactly(Access.catalog());
    }

    @Test
    void parseAllSplitsOnSpaces() {
        assertThat(Scope.parseAll("repository:a:pull  repository:b:push,pull"))
                .containsExactly(Scope.parse("repository:a:pull"), Scope.parse("repository:b:push,pull"));
        assertThat(Scope.parseAll("")).isEmpty();
    }

    @Test
    void textNotFollowingTheGrammarIsRejected() {
        for (String bad : List.of("repository", "repository:foo", "repository:foo:", ":foo:pull",
                "repository:foo:pull,,push")) {
            assertThatThrownBy(() -> Scope.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void accessesGroupIntoOneScopePerResourceInFirstSeenOrder() {
        List<Access> accesses = List.of(Access.repository("foo/bar", "pull"), Access.repository("other", "pull"),
                Access.repository("foo/bar", "push"), Access.repository("foo/bar", "pull"));

        assertThat(Scope.format(accesses)).isEqualTo("repository:foo/bar:pull,push repository:other:pull");
    }

    @Test
    void accessDetailHasGoFieldNames() {
        assertThat(Access.catalog().toDetail())
                .containsExactly(
                        java.util.Map.entry("Type", "registry"), java.util.Map.entry("Class", ""),
                        java.util.Map.entry("Name", "catalog"), java.util.Map.entry("Action", "*"));
    }
}
