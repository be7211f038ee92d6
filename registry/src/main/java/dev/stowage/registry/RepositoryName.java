package dev.stowage.registry;

import java.util.regex.Pattern;

/**
 * A repository name in the OCI grammar: slash-separated components of lowercase letters and
 * digits, joined inside a component by one {@code .}, one or two {@code _}, or any number of
 * {@code -}; at most {@value #MAX_LENGTH} characters in all. A name never starts a component with
 * {@code _}, so it never collides with the registry's own folders ({@code _layers},
 * {@code _manifests}, {@code _uploads}).
 *
 * @param value the name, as in {@code library/ubuntu}
 */
public record RepositoryName(String value) {

    /** The longest name accepted, as in the Go registry. */
    public static final int MAX_LENGTH = 255;

    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*");

    public RepositoryName {
        String problem = problem(value);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * Checks and wraps a name.
     *
     * @throws NameInvalidException naming the rule broken and where
     */
    public static RepositoryName parse(String value) throws NameInvalidException {
        String problem = problem(value);
        if (problem != null) {
            throw new NameInvalidException(problem);
        }
        return new RepositoryName(value);
    }

    private static String problem(String value) {
        if (value == null || value.isEmpty()) {
            return "empty repository name";
        }
        if (value.length() > MAX_LENGTH) {
            return "repository name is " + value.length() + " characters long; at most " + MAX_LENGTH + " are allowed";
        }
        int start = 0;
        int index = 1;
        while (true) {
            int slash = value.indexOf('/', start);
            String component = slash < 0 ? value.substring(start) : value.substring(start, slash);
            if (!COMPONENT.matcher(component).matches()) {
                return "repository name \"" + value + "\": component " + index + " (\"" + component + "\") must be lowercase"
                        + " letters and digits, separated by '.', '_', '__' or dashes, and not start or end with a separator";
            }
            if (slash < 0) {
                return null;
            }
            start = slash + 1;
            index++;
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
