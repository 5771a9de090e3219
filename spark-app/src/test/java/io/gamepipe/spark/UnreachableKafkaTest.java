package io.gamepipe.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamepipe.embedded.FreePorts;
import io.gamepipe.spark.jobs.ExtractEventsJob;
import io.gamepipe.spark.jobs.LandEventsJob;
import io.gamepipe.spark.jobs.SeparateEventsJob;
import io.gamepipe.spark.jobs.TransformEventsJob;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every job pointed at a port where no broker listens: one clear line, exit 1, before Spark starts. */
class UnreachableKafkaTest {

    static Stream<SparkJob<?>> jobs() {
        return Stream.of(new ExtractEventsJob(), new TransformEventsJob(), new SeparateEventsJob(), new LandEventsJob());
    }

    @ParameterizedTest
    @MethodSource("jobs")
    void aBrokerThatDoesNotAnswerFailsTheJobWithinItsTimeout(SparkJob<?> job) throws IOException {
        String servers = "localhost:" + FreePorts.pick();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = job.run(new String[] {"--bootstrap-servers", servers, "--kafka-timeout", "2", "--output-root", "/nowhere"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        String error = err.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(SparkJob.FAILED);
        assertThat(error.lines()).singleElement().asString()
                .contains(job.name() + " FAILED: cannot reach Kafka at " + servers + " within 2 s")
                .contains("check --bootstrap-servers");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
