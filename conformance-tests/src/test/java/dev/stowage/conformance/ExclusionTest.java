package dev.stowage.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExclusionTest {

    @Test
    void anExclusionNamesACaseOfTheKitAndSaysWhy() {
        Exclusion exclusion = new Exclusion("statAndReadRaceWithWritesMovesAndDeletes", "the emulator tears overwrites");
        assertThat(new Exclusion.Excluded("S3ConformanceTest", exclusion).getMessage())
                .isEqualTo("excluded by S3ConformanceTest: the emulator tears overwrites");
    }

    @Test
    void anExclusionOfNoCaseIsRefusedNamingIt() {
        assertThatThrownBy(() -> new Exclusion("statAndRead", "typo"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'statAndRead'").hasMessageContaining("no case of the kit");
    }

    @Test
    void anExclusionWithoutAReasonIsRefused() {
        assertThatThrownBy(() -> new Exclusion("walkStop", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a case name and a reason");
    }
}
