package dev.stowage.server.auth;

import java.util.Objects;

/**
 * A typed, named thing access is controlled on, as the Go registry's {@code auth.Resource}:
 * {@code repository:<name>} for a repository, {@code registry:catalog} for the catalog.
 *
 * <p>Contract: both parts are non-null; the type holds no {@code ':'} and neither part holds a space
 * (the scope grammar separates scopes by spaces and the type from the name by the first {@code ':'});
 * the name may hold {@code ':'} (a registry host with a port, {@code localhost:5000/foo}). Go's
 * {@code Class} ({@code repository(plugin)}) is not modelled: Go 2.8's token controller ignores it when
 * matching, and the registry never asks for one.
 *
 * @param type the resource type, e.g. {@code repository}
 * @param name the resource name, e.g. {@code library/ubuntu}
 */
public record Resource(String type, String name) {

    /** The resource type of repositories. */
    public static final String REPOSITORY = "repository";
    /** The resource type of the registry itself (the catalog). */
    public static final String REGISTRY = "registry";

    /** Validates the parts as the class comment states; throws {@link IllegalArgumentException} if not. */
    public Resource {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        if (type.isEmpty() || type.indexOf(':') >= 0 || type.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("bad resource type: \"" + type + "\"");
        }
        if (name.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("bad resource name: \"" + name + "\"");
        }
    }

    /** Returns {@code repository:<name>}. */
    public static Resource repository(String name) {
        return new Resource(REPOSITORY, name);
    }

    /** Returns {@code registry:catalog}, the resource {@code /v2/_catalog} needs {@code *} on. */
    public static Resource catalog() {
        return new Resource(REGISTRY, "catalog");
    }

    /** Returns {@code type:name}. */
    @Override
    public String toString() {
        return type + ":" + name;
    }
}
