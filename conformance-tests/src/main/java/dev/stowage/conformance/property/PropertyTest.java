package dev.stowage.conformance.property;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Makes a JUnit Jupiter test method a property: the method takes a {@link Source} parameter
 * (beside any other Jupiter parameters) and runs once per generated test case, as
 * {@link Property#check} describes. It is an ordinary Jupiter test: {@code @BeforeEach} and
 * {@code @AfterEach} run once around all its cases, and it is inherited by subclasses.
 *
 * <p>Settings come from the JUnit configuration parameters or system properties named in
 * {@link Settings}, then from {@link #tries()} if set, then from the test instance if it
 * implements {@link PropertyConfigurer}. The run's seed and the tries are published as report
 * entries; a failure's message holds the shrunk sample and its replay token, which are also
 * published as report entries (so the conformance runner's JUnit XML and HTML show them).
 *
 * <pre>{@code
 * @PropertyTest
 * void sortedListsStaySorted(Source source) {
 *     List<Integer> xs = source.draw(Gen.integers(0, 9).list(0, 10), "xs");
 *     ...
 * }
 * }</pre>
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Test
@ExtendWith(PropertyExtension.class)
public @interface PropertyTest {

    /** Tries, when above 0; else {@value Settings#TRIES} or 100. */
    int tries() default 0;
}
