package dev.stowage.driver.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.driver.FileWriter;
import dev.stowage.driver.PathNotFoundException;
import dev.stowage.driver.StorageDriverException;
import dev.stowage.driver.WalkAction;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Symbolic links below the root that point outside it are never followed. */
class SymlinkEscapeTest extends DriverFixture {

    @TempDir
    Path outside;

    Path secret;

    @BeforeEach
    void plantLinks() throws Exception {
        secret = Files.writeString(outside.resolve("secret"), "outside");
        Files.createSymbolicLink(root.resolve("linkdir"), outside);
        Files.createSymbolicLink(root.resolve("linkfile"), secret);
        Files.createDirectories(root.resolve("real"));
        Files.writeString(root.resolve("real/file"), "inside");
        Files.createSymbolicLink(root.resolve("real/escape"), outside);
    }

    @Test
    void readsThroughALinkFindNothing() {
        assertThatThrownBy(() -> driver.getContent("/linkdir/secret")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.reader("/linkdir/secret", 0)).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.getContent("/linkfile")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.reader("/linkfile", 0)).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.stat("/linkdir/secret")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.stat("/linkdir")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.list("/linkdir")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.walk("/linkdir", e -> WalkAction.CONTINUE)).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.writer("/linkfile", true)).isInstanceOf(PathNotFoundException.class);
    }

    @Test
    void listAndWalkLeaveLinksOut() throws Exception {
        assertThat(driver.list("/")).containsExactly("/real");
        assertThat(driver.list("/real")).containsExactly("/real/file");
        List<String> visited = new ArrayList<>();
        driver.walk("/", e -> {
            visited.add(e.path());
            return WalkAction.CONTINUE;
        });
        assertThat(visited).containsExactly("/real", "/real/file");
    }

    @Test
    void writesThroughALinkedDirectoryAreRefused() throws Exception {
        assertThatThrownBy(() -> driver.putContent("/linkdir/planted", bytes("x")))
                .isInstanceOf(StorageDriverException.class)
                .hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> driver.writer("/linkdir/planted", false)).isInstanceOf(StorageDriverException.class);
        assertThatThrownBy(() -> driver.putContent("/real/escape/planted", bytes("x"))).isInstanceOf(StorageDriverException.class);
        driver.putContent("/movable", bytes("m"));
        assertThatThrownBy(() -> driver.move("/movable", "/linkdir/planted")).isInstanceOf(StorageDriverException.class);
        assertThat(outside.resolve("planted")).doesNotExist();
        assertThat(content("/movable")).isEqualTo("m");
    }

    @Test
    void overwritingALinkReplacesTheLinkNotItsTarget() throws Exception {
        driver.putContent("/linkfile", bytes("replaced"));
        assertThat(secret).hasContent("outside");
        assertThat(Files.isSymbolicLink(root.resolve("linkfile"))).isFalse();
        assertThat(content("/linkfile")).isEqualTo("replaced");

        Files.createSymbolicLink(root.resolve("link2"), secret);
        FileWriter w = driver.writer("/link2", false);
        write(w, "written");
        w.commit();
        assertThat(secret).hasContent("outside");
        assertThat(content("/link2")).isEqualTo("written");
    }

    @Test
    void deletesNeverReachThroughALink() throws Exception {
        assertThatThrownBy(() -> driver.delete("/linkdir/secret")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.delete("/linkdir")).isInstanceOf(PathNotFoundException.class);
        assertThatThrownBy(() -> driver.move("/linkdir/secret", "/stolen")).isInstanceOf(PathNotFoundException.class);
        driver.delete("/real");
        assertThat(root.resolve("real")).doesNotExist();
        assertThat(secret).hasContent("outside");
        assertThat(Files.exists(root.resolve("linkdir"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }
}
