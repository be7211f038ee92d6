package dev.stowage.server.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One action a request needs on one resource, as the Go registry's {@code auth.Access}: {@code pull} or
 * {@code push} (or {@code delete}) on a repository, {@code *} on {@code registry:catalog}.
 *
 * <p>Contract: non-null parts; the action is non-empty and holds no {@code ','}, {@code ':'} or space.
 *
 * @param resource the resource
 * @param action the action
 */
public record Access(Resource resource, String action) {

    /** The action reading a repository. */
    public static final String PULL = "pull";
    /** The action writing a repository. */
    public static final String PUSH = "push";
    /** The action deleting from a repository. */
    public static final String DELETE = "delete";
    /** Any action; the catalog asks for it. */
    public static final String ANY = "*";

    /** Validates the parts as the class comment states; throws {@link IllegalArgumentException} if not. */
    public Access {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(action, "action");
        if (action.isEmpty() || action.chars().anyMatch(c -> c == ',' || c == ':' || c == ' ')) {
            throw new IllegalArgumentException("bad action: \"" + action + "\"");
        }
    }

    /** Returns {@code action} on {@code repository:<name>}. */
    public static Access repository(String name, String action) {
        return new Access(Resource.repository(name), action);
    }

    /** Returns {@code *} on {@code registry:catalog}, what Go asks for {@code /v2/_catalog}. */
    public static Access catalog() {
        return new Access(Resource.catalog(), ANY);
    }

    /**
     * Returns this access as Go serialises an {@code auth.Access} in an error's {@code detail}: the keys
     * {@code Type}, {@code Class} (always empty), {@code Name} and {@code Action}, in that order.
     */
    public Map<String, String> toDetail() {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("Type", resource.type());
        detail.put("Class", "");
        detail.put("Name", resource.name());
        detail.put("Action", action);
        return detail;
    }

    /** Returns {@code type:name:action}. */
    @Override
    public String toString() {
        return resource + ":" + action;
    }
}
