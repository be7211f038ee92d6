package dev.stowage.server.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** The body of {@code /debug/health}, as the Go registry writes it: {@code {}} when healthy, else the failing check. */
public final class Health {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Health() {}

    /** {@code {}} or {@code {"storagedriver":"<problem>"}}. */
    public static String body(Optional<String> problem) {
        ObjectNode node = JSON.createObjectNode();
        problem.ifPresent(p -> node.put("storagedriver", p));
        return node.toString();
    }
}
