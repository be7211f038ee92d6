package dev.stowage.conformance.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Writes the JUnit XML and the self-contained HTML report of a run. */
final class Reports {

    private Reports() {}

    static void writeJunitXml(Path file, String suiteName, List<CaseResult> results, String properties) throws IOException {
        long failed = results.stream().filter(r -> r.status() == CaseResult.Status.FAILED).count();
        long skipped = results.stream().filter(r -> r.status() == CaseResult.Status.SKIPPED
                || r.status() == CaseResult.Status.EXCLUDED).count();
        double seconds = results.stream().mapToLong(CaseResult::millis).sum() / 1000.0;
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<testsuite name=\"").append(xml(suiteName)).append("\" tests=\"").append(results.size())
                .append("\" failures=\"").append(failed).append("\" errors=\"0\" skipped=\"").append(skipped)
                .append("\" time=\"").append(seconds).append("\" timestamp=\"").append(Instant.now()).append("\">\n");
        x.append("  <properties>\n");
        properties.lines().forEach(l -> {
            int eq = l.indexOf('=');
            if (eq > 0) {
                x.append("    <property name=\"").append(xml(l.substring(0, eq))).append("\" value=\"")
                        .append(xml(l.substring(eq + 1))).append("\"/>\n");
            }
        });
        x.append("  </properties>\n");
        for (CaseResult r : results) {
            x.append("  <testcase classname=\"").append(xml(suiteName)).append("\" name=\"").append(xml(r.name()))
                    .append("\" time=\"").append(r.millis() / 1000.0).append("\">\n");
            if (r.status() == CaseResult.Status.FAILED) {
                x.append("    <failure message=\"").append(xml(firstLine(r.message()))).append("\">")
                        .append(xml(r.message() + "\n" + (r.detail() == null ? "" : r.detail()))).append("</failure>\n");
            } else if (r.status() == CaseResult.Status.SKIPPED || r.status() == CaseResult.Status.EXCLUDED) {
                x.append("    <skipped message=\"").append(xml(firstLine(r.message()))).append("\"/>\n");
            }
            if (!r.reports().isEmpty()) {
                x.append("    <system-out>").append(xml(String.join("\n\n", r.reports()))).append("</system-out>\n");
            }
            x.append("  </testcase>\n");
        }
        x.append("</testsuite>\n");
        Files.writeString(file, x, StandardCharsets.UTF_8);
    }

    static void writeHtml(Path file, String title, List<CaseResult> results, String properties, String summary) throws IOException {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(html(title)).append("</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse;width:100%}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left}")
                .append(".PASSED{background:#e6f4ea}.FAILED{background:#fce8e6}.SKIPPED{background:#fef7e0}.EXCLUDED{background:#fde2c8}")
                .append("pre{white-space:pre-wrap;margin:0;font-size:12px}")
                .append("</style></head><body>\n<h1>").append(html(title)).append("</h1>\n<p><b>").append(html(summary))
                .append("</b></p>\n<pre>").append(html(properties)).append("</pre>\n")
                .append("<table><tr><th>#</th><th>case</th><th>result</th><th>ms</th><th>message / shrunk failing input</th></tr>\n");
        int i = 0;
        for (CaseResult r : results) {
            h.append("<tr class=\"").append(r.status()).append("\"><td>").append(++i).append("</td><td>").append(html(r.name()))
                    .append("<br><small>").append(html(r.method())).append("</small></td><td>").append(r.status())
                    .append("</td><td>").append(r.millis()).append("</td><td>");
            if (r.message() != null) {
                h.append("<pre>").append(html(r.message())).append("</pre>");
            }
            for (String report : r.reports()) {
                h.append("<pre>").append(html(report)).append("</pre>");
            }
            if (r.detail() != null) {
                h.append("<details><summary>stack trace</summary><pre>").append(html(r.detail())).append("</pre></details>");
            }
            h.append("</td></tr>\n");
        }
        h.append("</table>\n</body></html>\n");
        Files.writeString(file, h, StandardCharsets.UTF_8);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    static String xml(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (c == '\n' || c == '\r' || c == '\t' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF)) {
                        b.appendCodePoint(c);
                    } else {
                        b.append("\\u").append(String.format("%04x", c));
                    }
                }
            }
        });
        return b.toString();
    }

    static String html(String s) {
        return xml(s);
    }
}
