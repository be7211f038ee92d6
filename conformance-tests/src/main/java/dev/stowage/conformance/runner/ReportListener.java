package dev.stowage.conformance.runner;

import dev.stowage.conformance.Exclusion;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/** Prints a progress line per case and collects the results for the reports. */
final class ReportListener implements TestExecutionListener {

    private final PrintStream out;
    private final List<CaseResult> results = new ArrayList<>();
    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private final Map<String, List<String>> reports = new ConcurrentHashMap<>();
    private long total;

    ReportListener(PrintStream out) {
        this.out = out;
    }

    List<CaseResult> results() {
        return results;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        total = plan.countTestIdentifiers(TestIdentifier::isTest);
        out.println("running " + total + " cases");
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        started.put(id.getUniqueId(), System.nanoTime());
    }

    @Override
    public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        StringBuilder text = new StringBuilder();
        entry.getKeyValuePairs().forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
        reports.computeIfAbsent(id.getUniqueId(), k -> new ArrayList<>()).add(text.toString().strip());
    }

    @Override
    public synchronized void executionSkipped(TestIdentifier id, String reason) {
        if (id.isTest()) {
            record(id, CaseResult.Status.SKIPPED, 0, reason, null);
        }
    }

    @Override
    public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
        Long start = started.remove(id.getUniqueId());
        long millis = start == null ? 0 : (System.nanoTime() - start) / 1_000_000;
        Throwable thrown = result.getThrowable().orElse(null);
        switch (result.getStatus()) {
            case SUCCESSFUL -> {
                if (id.isTest()) {
                    record(id, CaseResult.Status.PASSED, millis, null, null);
                }
            }
            case ABORTED -> {
                if (id.isTest()) {
                    record(id, thrown instanceof Exclusion.Excluded ? CaseResult.Status.EXCLUDED : CaseResult.Status.SKIPPED,
                            millis, thrown == null ? "aborted" : thrown.getMessage(), null);
                }
            }
            case FAILED -> record(id, CaseResult.Status.FAILED, millis,
                    thrown == null ? "failed" : String.valueOf(thrown.getMessage()), stackTrace(thrown));
        }
    }

    private void record(TestIdentifier id, CaseResult.Status status, long millis, String message, String detail) {
        String method = id.getSource().filter(MethodSource.class::isInstance).map(s -> ((MethodSource) s).getMethodName())
                .orElse(id.getLegacyReportingName());
        CaseResult r = new CaseResult(id.getDisplayName(), method, status, millis, message, detail,
                List.copyOf(reports.getOrDefault(id.getUniqueId(), List.of())));
        results.add(r);
        String line = String.format("[%3d/%d] %-7s %s (%d ms)", results.size(), total, status, id.getDisplayName(), millis);
        out.println(line);
        if (status != CaseResult.Status.PASSED && message != null) {
            message.lines().limit(status == CaseResult.Status.FAILED ? 40 : 1).forEach(l -> out.println("          " + l));
        }
        if (status == CaseResult.Status.FAILED) {
            r.reports().forEach(rep -> rep.lines().limit(40).forEach(l -> out.println("          | " + l)));
        }
    }

    private static String stackTrace(Throwable t) {
        if (t == null) {
            return null;
        }
        StringWriter s = new StringWriter();
        t.printStackTrace(new PrintWriter(s));
        return s.toString();
    }
}
