package dev.stowage.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.stowage.server.config.YamlNode.Mapping;
import dev.stowage.server.config.YamlNode.Scalar;
import dev.stowage.server.config.YamlNode.ScalarKind;
import dev.stowage.server.config.YamlNode.Sequence;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the first YAML document of a text into {@link YamlNode}s with Jackson's streaming YAML
 * parser: scalars keep their source text and resolved kind, every node its line, anchors and aliases
 * are resolved, and a key repeated in one mapping is an error (Go's YAML decoder refuses it too).
 */
final class YamlReader {

    private static final YAMLFactory FACTORY = new YAMLFactory();

    private final YAMLParser parser;
    private final Map<String, YamlNode> anchors = new HashMap<>();

    private YamlReader(YAMLParser parser) {
        this.parser = parser;
    }

    /**
     * Parses {@code text}; an empty document gives a null scalar.
     *
     * @throws YamlException when the text is not well-formed YAML, naming the line
     */
    static YamlNode read(String text) throws YamlException {
        try (YAMLParser parser = (YAMLParser) FACTORY.createParser(text)) {
            YamlReader reader = new YamlReader(parser);
            JsonToken token = parser.nextToken();
            if (token == null) {
                return YamlNode.nothing(1);
            }
            return reader.node(token);
        } catch (YamlException e) {
            throw e;
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new YamlException(line, "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new YamlException(0, "not valid YAML: " + e.getMessage());
        }
    }

    private YamlNode node(JsonToken token) throws IOException {
        int line = parser.currentTokenLocation().getLineNr();
        String anchor = parser.getCurrentAnchor();
        YamlNode node = switch (token) {
            case START_OBJECT -> mapping(line);
            case START_ARRAY -> sequence(line);
            case VALUE_STRING -> parser.isCurrentAlias() ? alias(parser.getText(), line)
                    : new Scalar(parser.getText(), ScalarKind.STRING, line);
            case VALUE_NUMBER_INT -> new Scalar(parser.getText(), ScalarKind.INTEGER, line);
            case VALUE_NUMBER_FLOAT -> new Scalar(parser.getText(), ScalarKind.FLOAT, line);
            case VALUE_TRUE, VALUE_FALSE -> new Scalar(parser.getText(), ScalarKind.BOOLEAN, line);
            case VALUE_NULL -> YamlNode.nothing(line);
            default -> throw new YamlException(line, "unexpected YAML token " + token);
        };
        if (anchor != null) {
            anchors.put(anchor, node);
        }
        return node;
    }

    private Mapping mapping(int line) throws IOException {
        Mapping mapping = new Mapping(line);
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            int keyLine = parser.currentTokenLocation().getLineNr();
            YamlNode value = node(parser.nextToken());
            if (mapping.entries().containsKey(key)) {
                throw new YamlException(keyLine, "key " + key + " is repeated in the same map");
            }
            mapping.entries().put(key, value);
            mapping.keyLines().put(key, keyLine);
        }
        if (token != JsonToken.END_OBJECT) {
            throw new YamlException(line, "unterminated map");
        }
        return mapping;
    }

    private Sequence sequence(int line) throws IOException {
        Sequence sequence = new Sequence(line);
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new YamlException(line, "unterminated list");
            }
            sequence.items().add(node(token));
        }
        return sequence;
    }

    private YamlNode alias(String name, int line) throws YamlException {
        YamlNode target = anchors.get(name);
        if (target == null) {
            throw new YamlException(line, "unknown YAML alias *" + name);
        }
        return copy(target);
    }

    /** A deep copy, so that an environment override under one alias does not change the others. */
    private static YamlNode copy(YamlNode node) {
        if (node instanceof Mapping mapping) {
            Mapping copy = new Mapping(mapping.line());
            mapping.entries().forEach((key, value) -> copy.entries().put(key, copy(value)));
            copy.keyLines().putAll(mapping.keyLines());
            return copy;
        }
        if (node instanceof Sequence sequence) {
            Sequence copy = new Sequence(sequence.line());
            sequence.items().forEach(item -> copy.items().add(copy(item)));
            return copy;
        }
        return node;
    }

    /** A YAML syntax problem at a line (0 when unknown). */
    static final class YamlException extends IOException {
        private static final long serialVersionUID = 1L;

        private final int line;

        YamlException(int line, String message) {
            super(message);
            this.line = line;
        }

        int line() {
            return line;
        }
    }
}
