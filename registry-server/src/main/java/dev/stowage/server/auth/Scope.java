package dev.stowage.server.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A resource scope of the token protocol ({@code docs/spec/auth/scope.md}): a resource and the actions
 * asked for or granted on it, printed {@code repository:samalba/my-app:pull,push}.
 *
 * <p>Grammar: {@code resourcetype ":" resourcename ":" action ("," action)*}; the type ends at the first
 * {@code ':'}, the actions start after the last one, so a name may hold {@code ':'}
 * ({@code repository:localhost:5000/foo:pull}). Several scopes are joined by single spaces.
 *
 * <p>Contract: actions are non-empty, without duplicates, in the order given.
 *
 * @param resource the resource
 * @param actions the actions, at least one
 */
public record Scope(Resource resource, List<String> actions) {

    /** Copies the actions, drops duplicates and validates each as {@link Access} does. */
    public Scope {
        Objects.requireNonNull(resource, "resource");
        Set<String> unique = new LinkedHashSet<>();
        for (String action : actions) {
            unique.add(new Access(resource, action).action());
        }
        if (unique.isEmpty()) {
            throw new IllegalArgumentException("a scope needs at least one action: " + resource);
        }
        actions = List.copyOf(unique);
    }

    /**
     * Parses one scope, e.g. {@code repository:foo/bar:pull,push}.
     *
     * @throws IllegalArgumentException if the text does not follow the grammar above
     */
    public static Scope parse(String text) {
        Objects.requireNonNull(text, "text");
        int first = text.indexOf(':');
        int last = text.lastIndexOf(':');
        if (first <= 0 || last == first || last == text.length() - 1) {
            throw new IllegalArgumentException("not a scope (type:name:actions): \"" + text + "\"");
        }
        try {
            Resource resource = new Resource(text.substring(0, first), text.substring(first + 1, last));
            return new Scope(resource, List.of(text.substring(last + 1).split(",", -1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a scope: \"" + text + "\": " + e.getMessage(), e);
        }
    }

    /**
     * Parses space-separated scopes, as in a challenge's {@code scope} parameter or a token request's
     * {@code scope} query values; empty text gives an empty list.
     *
     * @throws IllegalArgumentException if one of them does not follow the grammar
     */
    public static List<Scope> parseAll(String text) {
        List<Scope> scopes = new ArrayList<>();
        for (String part : text.trim().split(" +")) {
            if (!part.isEmpty()) {
                scopes.add(parse(part));
            }
        }
        return List.copyOf(scopes);
    }

    /**
     * Groups accesses into one scope per resource, resources and actions in first-seen order, as Go builds
     * a challenge's scope (Go's own order is a map's, so random).
     */
    public static List<Scope> of(List<Access> accesses) {
        Map<Resource, List<String>> byResource = new LinkedHashMap<>();
        for (Access access : accesses) {
            byResource.computeIfAbsent(access.resource(), r -> new ArrayList<>()).add(access.action());
        }
        List<Scope> scopes = new ArrayList<>();
        byResource.forEach((resource, actions) -> scopes.add(new Scope(resource, actions)));
        return List.copyOf(scopes);
    }

    /** Returns the challenge's {@code scope} value for the accesses: their scopes joined by spaces. */
    public static String format(List<Access> accesses) {
        StringBuilder out = new StringBuilder();
        for (Scope scope : of(accesses)) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(scope);
        }
        return out.toString();
    }

    /** Returns the accesses this scope stands for, one per action. */
    public List<Access> accesses() {
        return actions.stream().map(action -> new Access(resource, action)).toList();
    }

    /** Returns {@code type:name:action,action}. */
    @Override
    public String toString() {
        return resource + ":" + String.join(",", actions);
    }
}
