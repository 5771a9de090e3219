package io.gamepipe.spark.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamepipe.events.PipelineJob;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/** The contract's job list (events module) names a runnable main class of this module for every job. */
class PipelineJobsTest {
    @Test
    void everyJobOfTheContractHasItsMainClassHere() throws Exception {
        for (PipelineJob job : PipelineJob.values()) {
            Method main = Class.forName(job.mainClass()).getMethod("main", String[].class);
            assertThat(Modifier.isStatic(main.getModifiers())).as(job.mainClass()).isTrue();
        }
    }
}
