package dev.stowage.conformance.runner;

import dev.stowage.driver.InvalidParameterException;
import dev.stowage.driver.ParameterSpec;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDriverFactory;
import dev.stowage.driver.StorageDrivers;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes a driver over a fresh, empty root for every case (and every property try). The rule: when
 * the factory declares a {@code rootdirectory} parameter (filesystem, s3, azure, gcs), each driver
 * gets {@code <rootdirectory>/run-<id>/case-<n>}, a sub-path nothing else uses; a factory without
 * one (inmemory) makes a separate store per {@code create}, so each case just gets a new driver.
 */
final class CaseDrivers {

    static final String ROOT_PARAMETER = "rootdirectory";

    private final StorageDriverFactory factory;
    private final Map<String, Object> parameters;
    private final String base;
    private final String runId;
    private final AtomicInteger cases = new AtomicInteger();

    CaseDrivers(StorageDriverFactory factory, Map<String, Object> parameters, String runId) throws InvalidParameterException {
        this.factory = factory;
        this.parameters = new LinkedHashMap<>(parameters);
        this.runId = runId;
        boolean hasRoot = factory.parameters().stream().map(ParameterSpec::name).anyMatch(ROOT_PARAMETER::equals);
        if (hasRoot) {
            Object given = parameters.get(ROOT_PARAMETER);
            if (given == null || given.toString().isBlank()) {
                throw new InvalidParameterException(factory.name(), ROOT_PARAMETER, "driver '" + factory.name()
                        + "' declares '" + ROOT_PARAMETER + "': give a base (e.g. --param " + ROOT_PARAMETER
                        + "=/tmp/conformance) under which each case gets its own empty sub-path");
            }
            String text = given.toString();
            while (text.length() > 1 && text.endsWith("/")) {
                text = text.substring(0, text.length() - 1);
            }
            this.base = text;
        } else {
            this.base = null;
        }
    }

    /** How each case's root is made, for the console. */
    String describe() {
        return base == null ? "a new '" + factory.name() + "' driver per case (no " + ROOT_PARAMETER + " parameter)"
                : ROOT_PARAMETER + "=" + base + "/run-" + runId + "/case-<n> per case";
    }

    StorageDriver next() throws IOException {
        Map<String, Object> p = new LinkedHashMap<>(parameters);
        if (base != null) {
            p.put(ROOT_PARAMETER, base + "/run-" + runId + "/case-" + cases.incrementAndGet());
        }
        return StorageDrivers.create(factory, p);
    }
}
