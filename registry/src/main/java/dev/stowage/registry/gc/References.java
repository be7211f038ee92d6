package dev.stowage.registry.gc;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.registry.Digest;
import dev.stowage.registry.DigestInvalidException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a stored manifest references, read leniently for garbage collection: the blobs of an image
 * manifest ({@code config}, {@code layers}, an artifact manifest's {@code blobs}, a schema 1
 * manifest's {@code fsLayers[].blobSum}), the child manifests of an index ({@code manifests}) and
 * its {@code subject}. Bytes that are not a JSON object are scanned for anything shaped like a
 * digest, each counted both as a blob and as a child, so that nothing a manifest might reference is
 * lost because it could not be read.
 */
record References(List<Digest> blobs, List<Digest> children, Optional<Digest> subject) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}");

    static final References NONE = new References(List.of(), List.of(), Optional.empty());

    static References of(byte[] content) {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (java.io.IOException | RuntimeException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            return scan(content);
        }
        List<Digest> blobs = new ArrayList<>();
        add(blobs, root.path("config").path("digest"));
        for (JsonNode layer : root.path("layers")) {
            add(blobs, layer.path("digest"));
        }
        for (JsonNode blob : root.path("blobs")) {
            add(blobs, blob.path("digest"));
        }
        for (JsonNode layer : root.path("fsLayers")) {
            add(blobs, layer.path("blobSum"));
        }
        List<Digest> children = new ArrayList<>();
        for (JsonNode child : root.path("manifests")) {
            add(children, child.path("digest"));
        }
        List<Digest> subject = new ArrayList<>(1);
        add(subject, root.path("subject").path("digest"));
        return new References(blobs, children, subject.stream().findFirst());
    }

    private static void add(List<Digest> into, JsonNode text) {
        if (text.isTextual()) {
            try {
                into.add(Digest.parse(text.asText()));
            } catch (DigestInvalidException e) {
                // not a digest this registry stores: nothing to keep
            }
        }
    }

    private static References scan(byte[] content) {
        List<Digest> found = new ArrayList<>();
        Matcher m = DIGEST.matcher(new String(content, ISO_8859_1));
        while (m.find()) {
            try {
                found.add(Digest.parse(m.group()));
            } catch (DigestInvalidException e) {
                // cannot happen for the pattern; skip
            }
        }
        return new References(found, found, Optional.empty());
    }
}
