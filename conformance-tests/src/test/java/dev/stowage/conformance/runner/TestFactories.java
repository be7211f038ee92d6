package dev.stowage.conformance.runner;

import dev.stowage.conformance.ReferenceDriver;
import dev.stowage.driver.DriverParameters;
import dev.stowage.driver.ForwardingStorageDriver;
import dev.stowage.driver.ParameterSpec;
import dev.stowage.driver.ParameterType;
import dev.stowage.driver.StorageDriver;
import dev.stowage.driver.StorageDriverFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Factories the runner tests find through META-INF/services. */
final class TestFactories {

    private TestFactories() {}

    /** {@code reference}: the correct driver, a new store per create. */
    public static final class Reference implements StorageDriverFactory {
        @Override
        public String name() {
            return "reference";
        }

        @Override
        public StorageDriver create(DriverParameters parameters) {
            return new ReferenceDriver();
        }

        @Override
        public List<ParameterSpec> parameters() {
            return List.of();
        }
    }

    /** {@code rooted}: declares rootdirectory and records every root it is given. */
    public static final class Rooted implements StorageDriverFactory {
        static final List<String> ROOTS = Collections.synchronizedList(new ArrayList<>());

        @Override
        public String name() {
            return "rooted";
        }

        @Override
        public StorageDriver create(DriverParameters parameters) {
            ROOTS.add(parameters.getString("rootdirectory"));
            return new ReferenceDriver();
        }

        @Override
        public List<ParameterSpec> parameters() {
            return List.of(ParameterSpec.required("rootdirectory", ParameterType.STRING, "base"));
        }
    }

    /** {@code unsorted}: a broken driver whose list is in reverse order. */
    public static final class UnsortedList implements StorageDriverFactory {
        @Override
        public String name() {
            return "unsorted";
        }

        @Override
        public StorageDriver create(DriverParameters parameters) {
            return new ForwardingStorageDriver(new ReferenceDriver()) {
                @Override
                public List<String> list(String path) throws IOException {
                    List<String> l = new ArrayList<>(super.list(path));
                    Collections.reverse(l);
                    return l;
                }
            };
        }

        @Override
        public List<ParameterSpec> parameters() {
            return List.of();
        }
    }
}
