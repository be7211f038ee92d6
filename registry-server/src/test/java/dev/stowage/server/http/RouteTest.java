package dev.stowage.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouteTest {

    @Test
    void eachEndpointIsRecognisedWithNestedNames() {
        assertThat(Route.parse("/v2/")).contains(new Route.Base());
        assertThat(Route.parse("/v2")).contains(new Route.Base());
        assertThat(Route.parse("/v2/_catalog")).contains(new Route.Catalog());
        assertThat(Route.parse("/v2/a/b/c/tags/list")).contains(new Route.Tags("a/b/c"));
        assertThat(Route.parse("/v2/a/b/manifests/latest")).contains(new Route.Manifest("a/b", "latest"));
        assertThat(Route.parse("/v2/a/blobs/uploads/")).contains(new Route.Uploads("a"));
        assertThat(Route.parse("/v2/a/blobs/uploads")).contains(new Route.Uploads("a"));
        assertThat(Route.parse("/v2/a/blobs/uploads/1234")).contains(new Route.Upload("a", "1234"));
        assertThat(Route.parse("/v2/a/blobs/sha256:ab")).contains(new Route.Blob("a", "sha256:ab"));
        assertThat(Route.parse("/v2/a/referrers/sha256:ab")).contains(new Route.Referrers("a", "sha256:ab"));
    }

    @Test
    void namesMayHoldTheWordsOfTheRoutes() {
        assertThat(Route.parse("/v2/blobs/manifests/tags/list")).contains(new Route.Tags("blobs/manifests"));
        assertThat(Route.parse("/v2/x/blobs/blobs/sha256:ab")).contains(new Route.Blob("x/blobs", "sha256:ab"));
        assertThat(Route.parse("/v2/x/manifests/manifests/v1")).contains(new Route.Manifest("x/manifests", "v1"));
    }

    @Test
    void pathsOutsideTheApiAreNotRoutes() {
        assertThat(Route.parse("/")).isEmpty();
        assertThat(Route.parse("/v1/_ping")).isEmpty();
        assertThat(Route.parse("/v2/a")).isEmpty();
        assertThat(Route.parse("/v2/a/blobs/")).isEqualTo(Optional.empty());
        assertThat(Route.parse("/v2/a/manifests/")).isEmpty();
    }

    @Test
    void theRepositoryOfARouteIsItsName() {
        assertThat(new Route.Blob("a/b", "d").repository()).contains("a/b");
        assertThat(new Route.Catalog().repository()).isEmpty();
    }
}
