package dev.stowage.server.http;

import java.util.Optional;

/** The {@code n} parameter of a paged listing. */
final class Paging {

    private Paging() {}

    /**
     * The page size the client asked for, if any.
     *
     * @throws ApiException {@code PAGINATION_NUMBER_INVALID} if it is not a whole number from 0 to {@code max}
     */
    static Optional<Integer> size(Exchange exchange, int max) throws ApiException {
        Optional<String> n = exchange.query("n").filter(v -> !v.isEmpty());
        if (n.isEmpty()) {
            return Optional.empty();
        }
        try {
            int value = Integer.parseInt(n.get());
            if (value >= 0 && value <= max) {
                return Optional.of(value);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(ApiErrorCode.PAGINATION_NUMBER_INVALID,
                "n=" + n.get() + " is not a page size from 0 to " + max);
    }
}
