package dev.stowage.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StoragePathTest {

    @ParameterizedTest
    @ValueSource(strings = {"/a", "/a/b/c", "/.abc", "/a--b", "/a-.b", "/_.abc", "/Docker/docker-registry",
            "/Abc/Cba", "/a/b.c", "/...", "/a/..b", "/1/2/3"})
    void acceptsPathsOfThePattern(String path) throws InvalidPathException {
        assertThat(StoragePath.isValid(path)).isTrue();
        assertThat(StoragePath.requireValid(path)).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "abc", "123.abc", "//bcd", "/abc_123/", "/a b", "/a/\u00e9", "/a\\b",
            "/a/./b", "/a/../b", "/..", "/.", "/a/..", "/a:b", "/a?b"})
    void rejectsEverythingElse(String path) {
        assertThat(StoragePath.isValid(path)).isFalse();
        assertThatThrownBy(() -> StoragePath.requireValid(path))
                .isInstanceOf(InvalidPathException.class)
                .hasMessageContaining("invalid path");
    }

    @Test
    void acceptsSegmentsAndPathsUpToTheirMaximumLength() throws InvalidPathException {
        String segment = "s".repeat(StoragePath.MAX_SEGMENT_LENGTH);
        String longest = "/" + segment + "/" + segment + "/" + segment;
        assertThat(longest).hasSize(StoragePath.MAX_PATH_LENGTH);
        assertThat(StoragePath.requireValid(longest)).isEqualTo(longest);
        assertThat(StoragePath.isValid("/a/" + segment)).isTrue();
    }

    @Test
    void rejectsALongerSegmentOrPathNamingTheLimit() {
        String segment = "s".repeat(StoragePath.MAX_SEGMENT_LENGTH + 1);
        assertThat(StoragePath.isValid("/a/" + segment + "/b")).isFalse();
        assertThatThrownBy(() -> StoragePath.requireValid("/a/" + segment + "/b"))
                .isInstanceOf(InvalidPathException.class).hasMessageContaining("longer than 255 characters (256)");
        String longPath = "/abcdefg".repeat(StoragePath.MAX_PATH_LENGTH / 8) + "/x";
        assertThat(StoragePath.isValid(longPath)).isFalse();
        assertThatThrownBy(() -> StoragePath.requireValid(longPath))
                .isInstanceOf(InvalidPathException.class).hasMessageContaining("longer than 768 characters (770)");
    }

    @Test
    void rootIsValidOnlyWhereAllowed() throws InvalidPathException {
        assertThat(StoragePath.requireValidOrRoot("/")).isEqualTo("/");
        assertThatThrownBy(() -> StoragePath.requireValid("/")).hasMessageContaining("root");
    }

    @Test
    void errorNamesTheOffendingCharacterAndIndex() {
        assertThatThrownBy(() -> StoragePath.requireValid("/abc/d e"))
                .hasMessageContaining("U+0020").hasMessageContaining("index 6").hasMessageEndingWith("/abc/d e");
        assertThatThrownBy(() -> StoragePath.requireValid("/a//b")).hasMessageContaining("empty segment");
        assertThatThrownBy(() -> StoragePath.requireValid("a/b")).hasMessageContaining("must start with '/'");
        assertThatThrownBy(() -> StoragePath.requireValid(null)).isInstanceOf(InvalidPathException.class);
    }

    @Test
    void prefixRelationRespectsSegmentBoundaries() {
        assertThat(StoragePath.isSameOrBelow("/a/b", "/a")).isTrue();
        assertThat(StoragePath.isSameOrBelow("/a", "/a")).isTrue();
        assertThat(StoragePath.isSameOrBelow("/ab", "/a")).isFalse();
        assertThat(StoragePath.isSameOrBelow("/a-b/c", "/a")).isFalse();
        assertThat(StoragePath.isSameOrBelow("/x", "/")).isTrue();
    }

    @Test
    void parentNameAndChild() {
        assertThat(StoragePath.parent("/a/b/c")).isEqualTo("/a/b");
        assertThat(StoragePath.parent("/a")).isEqualTo("/");
        assertThat(StoragePath.name("/a/b/c")).isEqualTo("c");
        assertThat(StoragePath.child("/", "a")).isEqualTo("/a");
        assertThat(StoragePath.child("/a", "b")).isEqualTo("/a/b");
    }

    @Test
    void walkKeyPutsADirectoryRightBeforeItsDescendants() {
        assertThat(StoragePath.walkKey("/a", true)).isGreaterThan(StoragePath.walkKey("/a-b", true));
        assertThat(StoragePath.walkKey("/a", true)).isGreaterThan(StoragePath.walkKey("/a.txt", false));
        assertThat(StoragePath.walkKey("/a", true)).isLessThan("/a/x");
    }
}
