package dev.stowage.server.docs;

import dev.stowage.driver.ParameterSpec;
import dev.stowage.driver.ParameterType;
import dev.stowage.driver.StorageDriverFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code docs/drivers.md}: every driver's parameters with their types, defaults and
 * descriptions, taken from the factories' {@link StorageDriverFactory#parameters()} so that the
 * page cannot say other than the code. {@link DriverReferencePageTest} fails when the committed
 * page differs from what this produces.
 */
final class DriverReferencePage {

    /** Where the page lives, from the repository root. */
    static final String PATH = "docs/drivers.md";

    private DriverReferencePage() {}

    /** The page for {@code factories}, in their order. */
    static String render(List<StorageDriverFactory> factories) {
        StringBuilder page = new StringBuilder();
        page.append("# Storage drivers: parameters\n\n")
                .append("<!-- Generated from each driver factory's parameters() by DriverReferencePage in registry-server's\n")
                .append("     tests; do not edit. DriverReferencePageTest fails when this page is out of date and says how\n")
                .append("     to regenerate it. -->\n\n")
                .append("Each driver takes the parameters below, as a map under its name in the `storage:` section of\n")
                .append("`config.yml`, as `STOWAGE_STORAGE_<DRIVER>_<PARAMETER>` environment variables, or in code\n")
                .append("through `StorageDrivers.create(name, parameters)`. Any other key is refused, naming the key.\n")
                .append("A parameter the Go registry's driver of the same kind has keeps its Go name; one Stowage adds\n")
                .append("runs its words together (`chunksize`, `redirectmaxexpiry`). Value types:\n\n")
                .append("| type | written as |\n|---|---|\n")
                .append("| string | text |\n")
                .append("| boolean | `true` or `false` |\n")
                .append("| integer | a whole number |\n")
                .append("| size | bytes, or with a binary unit: `512KiB`, `10MiB`, `1GiB` (`10M` is `10MiB`) |\n")
                .append("| duration | Go style `500ms`, `30s`, `20m`, `1h30m`; ISO-8601 `PT20M`; or a number of seconds |\n\n")
                .append("Drivers: ");
        for (int i = 0; i < factories.size(); i++) {
            String name = factories.get(i).name();
            page.append(i == 0 ? "" : ", ").append('[').append(name).append("](#").append(name).append(')');
        }
        page.append(".\n");
        for (StorageDriverFactory factory : factories) {
            page.append("\n## ").append(factory.name()).append("\n\n");
            List<ParameterSpec> specs = factory.parameters();
            if (specs.isEmpty()) {
                page.append("No parameters.\n");
                continue;
            }
            page.append("| parameter | type | default | description |\n|---|---|---|---|\n");
            for (ParameterSpec spec : specs) {
                page.append("| `").append(spec.name()).append("` | ")
                        .append(spec.type().name().toLowerCase(Locale.ROOT)).append(" | ")
                        .append(defaultText(spec)).append(" | ")
                        .append(markdown(spec.description())).append(" |\n");
            }
        }
        return page.toString();
    }

    /** Text safe in a table cell: no column breaks, no HTML tags. */
    private static String markdown(String text) {
        return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String defaultText(ParameterSpec spec) {
        if (spec.required()) {
            return "required";
        }
        if (spec.defaultValue() == null) {
            return "none";
        }
        Object value = spec.type().convert(spec.defaultValue());
        return switch (spec.type()) {
            case STRING -> value.toString().isEmpty() ? "empty" : "`" + value + "`";
            case SIZE -> "`" + size((Long) value) + "`";
            case DURATION -> "`" + duration((Duration) value) + "`";
            case BOOLEAN, INTEGER -> "`" + value + "`";
        };
    }

    /** A byte count in the largest binary unit that divides it, as {@link ParameterType#SIZE} reads it. */
    static String size(long bytes) {
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        String unit = "";
        long n = bytes;
        for (int i = 0; n != 0 && n % 1024 == 0 && i < units.length; i++) {
            n /= 1024;
            unit = units[i];
        }
        return n + unit;
    }

    /** A duration in the largest Go unit that divides it, as {@link ParameterType#DURATION} reads it. */
    static String duration(Duration d) {
        if (d.toMillis() % 3_600_000 == 0) {
            return d.toHours() + "h";
        }
        if (d.toMillis() % 60_000 == 0) {
            return d.toMinutes() + "m";
        }
        if (d.toMillis() % 1000 == 0) {
            return d.toSeconds() + "s";
        }
        return d.toMillis() + "ms";
    }
}
