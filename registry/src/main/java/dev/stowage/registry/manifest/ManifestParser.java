package dev.stowage.registry.manifest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.stowage.registry.Descriptor;
import dev.stowage.registry.Digest;
import dev.stowage.registry.DigestInvalidException;
import dev.stowage.registry.ManifestInvalidException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads manifest bytes as one of the four accepted media types and checks their shape: schema
 * version 2, the fields the type requires, none of the other kind's fields, well-formed
 * descriptors. Every refusal names the field and what is wrong with it.
 */
final class ManifestParser {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ManifestParser() {}

    /**
     * Parses {@code content}, declared as {@code declaredType} (empty when the client named none:
     * then the content's {@code mediaType} field decides, and without one an object with
     * {@code manifests} is an OCI index and anything else an OCI image manifest, as the Go
     * registry decides).
     */
    static Manifest parse(String declaredType, byte[] content) throws ManifestInvalidException {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            throw new ManifestInvalidException("manifest is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ManifestInvalidException("manifest cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ManifestInvalidException("manifest is not a JSON object");
        }
        String inContent = optionalText(root, "mediaType", "manifest");
        String declared = declaredType == null ? "" : declaredType.trim();
        int semicolon = declared.indexOf(';');
        if (semicolon >= 0) {
            declared = declared.substring(0, semicolon).trim();
        }
        String mediaType = declared.isEmpty() ? inContent : declared;
        if (mediaType == null) {
            mediaType = root.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
        }
        if (MediaTypes.DOCKER_SCHEMA1.contains(mediaType) || root.path("schemaVersion").asInt(-1) == 1) {
            throw new ManifestInvalidException("Docker schema 1 manifests are not supported; push schema 2 or OCI");
        }
        if (!MediaTypes.isManifest(mediaType)) {
            throw new ManifestInvalidException("unsupported manifest media type \"" + mediaType + "\"; accepted: "
                    + MediaTypes.OCI_MANIFEST + ", " + MediaTypes.OCI_INDEX + ", " + MediaTypes.DOCKER_MANIFEST + ", "
                    + MediaTypes.DOCKER_MANIFEST_LIST);
        }
        if (inContent != null && !inContent.equals(mediaType)) {
            throw new ManifestInvalidException("manifest declared as " + mediaType + " says mediaType \"" + inContent + "\"");
        }
        boolean docker = mediaType.equals(MediaTypes.DOCKER_MANIFEST) || mediaType.equals(MediaTypes.DOCKER_MANIFEST_LIST);
        if (docker && inContent == null) {
            throw new ManifestInvalidException("a " + mediaType + " manifest must state its mediaType");
        }
        JsonNode version = root.get("schemaVersion");
        if (version == null || !version.isIntegralNumber() || version.asInt() != 2) {
            throw new ManifestInvalidException("schemaVersion must be 2, not " + (version == null ? "missing" : version.toString()));
        }
        boolean index = MediaTypes.isIndex(mediaType);
        Optional<Descriptor> config = Optional.empty();
        List<Descriptor> layers = List.of();
        List<Descriptor> manifests = List.of();
        if (index) {
            refuse(root, "layers", mediaType);
            refuse(root, "config", mediaType);
            manifests = descriptors(root, "manifests", true);
        } else {
            refuse(root, "manifests", mediaType);
            JsonNode c = root.get("config");
            if (c == null) {
                throw new ManifestInvalidException("an image manifest needs a config; \"config\" is missing");
            }
            config = Optional.of(descriptor(c, "config", false));
            layers = descriptors(root, "layers", false);
        }
        Optional<Descriptor> subject = docker ? Optional.empty()
                : root.has("subject") ? Optional.of(descriptor(root.get("subject"), "subject", false)) : Optional.empty();
        if (docker && root.has("subject")) {
            throw new ManifestInvalidException("a " + mediaType + " manifest cannot have a subject");
        }
        Optional<String> artifactType = Optional.ofNullable(optionalText(root, "artifactType", "manifest"));
        Map<String, String> annotations = annotations(root.get("annotations"), "annotations");
        Descriptor own = new Descriptor(mediaType, Digest.sha256(content), content.length, List.of(), annotations,
                artifactType, Optional.empty());
        return new Manifest(own, content, config, layers, manifests, subject);
    }

    private static void refuse(JsonNode root, String field, String mediaType) throws ManifestInvalidException {
        if (root.has(field)) {
            throw new ManifestInvalidException("a " + mediaType + " manifest cannot have \"" + field + "\"");
        }
    }

    private static List<Descriptor> descriptors(JsonNode root, String field, boolean platforms)
            throws ManifestInvalidException {
        JsonNode array = root.get(field);
        if (array == null || array.isNull()) {
            throw new ManifestInvalidException("\"" + field + "\" is missing");
        }
        if (!array.isArray()) {
            throw new ManifestInvalidException("\"" + field + "\" must be an array");
        }
        List<Descriptor> result = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            result.add(descriptor(array.get(i), field + "[" + i + "]", platforms));
        }
        return result;
    }

    private static Descriptor descriptor(JsonNode node, String where, boolean platform) throws ManifestInvalidException {
        if (node == null || !node.isObject()) {
            throw new ManifestInvalidException(where + " must be a descriptor object");
        }
        String mediaType = optionalText(node, "mediaType", where);
        if (mediaType == null || mediaType.isEmpty()) {
            throw new ManifestInvalidException(where + ".mediaType is missing");
        }
        String digestText = optionalText(node, "digest", where);
        if (digestText == null) {
            throw new ManifestInvalidException(where + ".digest is missing");
        }
        Digest digest;
        try {
            digest = Digest.parse(digestText);
        } catch (DigestInvalidException e) {
            throw new ManifestInvalidException(where + ".digest: " + e.getMessage(), e);
        }
        JsonNode size = node.get("size");
        if (size == null || !size.isIntegralNumber() || !size.canConvertToLong() || size.asLong() < 0) {
            throw new ManifestInvalidException(where + ".size must be a non-negative integer, not "
                    + (size == null ? "missing" : size.toString()));
        }
        List<String> urls = new ArrayList<>();
        JsonNode u = node.get("urls");
        if (u != null && !u.isNull()) {
            if (!u.isArray()) {
                throw new ManifestInvalidException(where + ".urls must be an array of strings");
            }
            for (JsonNode url : u) {
                if (!url.isTextual()) {
                    throw new ManifestInvalidException(where + ".urls must be an array of strings");
                }
                urls.add(url.asText());
            }
        }
        Optional<Descriptor.Platform> platformValue = Optional.empty();
        if (platform && node.has("platform")) {
            platformValue = Optional.of(platform(node.get("platform"), where + ".platform"));
        }
        return new Descriptor(mediaType, digest, size.asLong(), urls, annotations(node.get("annotations"), where + ".annotations"),
                Optional.ofNullable(optionalText(node, "artifactType", where)), platformValue);
    }

    private static Descriptor.Platform platform(JsonNode node, String where) throws ManifestInvalidException {
        if (!node.isObject()) {
            throw new ManifestInvalidException(where + " must be an object");
        }
        String architecture = optionalText(node, "architecture", where);
        String os = optionalText(node, "os", where);
        if (architecture == null || os == null) {
            throw new ManifestInvalidException(where + " needs architecture and os");
        }
        List<String> features = new ArrayList<>();
        JsonNode f = node.get("os.features");
        if (f != null && f.isArray()) {
            for (JsonNode feature : f) {
                features.add(feature.asText());
            }
        }
        return new Descriptor.Platform(architecture, os, Optional.ofNullable(optionalText(node, "os.version", where)),
                features, Optional.ofNullable(optionalText(node, "variant", where)));
    }

    private static Map<String, String> annotations(JsonNode node, String where) throws ManifestInvalidException {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new ManifestInvalidException(where + " must be an object of strings");
        }
        Map<String, String> result = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            if (!e.getValue().isTextual()) {
                throw new ManifestInvalidException(where + "." + e.getKey() + " must be a string");
            }
            result.put(e.getKey(), e.getValue().asText());
        }
        return result;
    }

    private static String optionalText(JsonNode node, String field, String where) throws ManifestInvalidException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new ManifestInvalidException(where + "." + field + " must be a string");
        }
        return value.asText();
    }
}
