package io.gamepipe.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gamepipe.spark.jobs.LandEventsJob;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The command line and Spark conf of the jobs, without Spark: precedence, derived defaults, errors. */
class JobOptionsTest {

    private static final List<JobOptions.Option> LAND = List.of(JobOptions.BOOTSTRAP_SERVERS, JobOptions.TOPIC,
            JobOptions.OUTPUT_ROOT, LandEventsJob.LANDED_PATH, LandEventsJob.CHECKPOINT, LandEventsJob.MAX_OFFSETS_PER_TRIGGER);

    private static JobOptions parse(Map<String, String> conf, String... args) throws UsageException {
        return JobOptions.parse(LAND, args, key -> Optional.ofNullable(conf.get(key)));
    }

    @Test
    void anArgumentWinsOverSparkConfWhichWinsOverTheDefault() throws Exception {
        JobOptions options = parse(Map.of("spark.gamepipe.topic", "from-conf", "spark.gamepipe.bootstrap-servers", "conf:9092"),
                "--bootstrap-servers", "arg:9092");

        assertThat(options.get(JobOptions.BOOTSTRAP_SERVERS)).isEqualTo("arg:9092");
        assertThat(options.get(JobOptions.TOPIC)).isEqualTo("from-conf");
        assertThat(options.get(JobOptions.OUTPUT_ROOT)).isEqualTo("/tmp");
        assertThat(options.getLong(LandEventsJob.MAX_OFFSETS_PER_TRIGGER, 1)).isEqualTo(1_000_000);
    }

    @Test
    void pathsDefaultUnderTheOutputRoot() throws Exception {
        JobOptions options = parse(Map.of(), "--output-root=/data", "--checkpoint", "/ckpt");

        assertThat(options.get(LandEventsJob.LANDED_PATH)).isEqualTo("/data/landed_events");
        assertThat(options.get(LandEventsJob.CHECKPOINT)).isEqualTo("/ckpt");
    }

    @Test
    void theEndOfOptionsMarkIsAccepted() throws Exception {
        JobOptions options = parse(Map.of(), "--", "--topic", "t", "--");

        assertThat(options.get(JobOptions.TOPIC)).isEqualTo("t");
    }

    @Test
    void theLastOneGivenWins() throws Exception {
        assertThat(parse(Map.of(), "--topic", "a", "--topic=b").get(JobOptions.TOPIC)).isEqualTo("b");
    }

    @Test
    void helpIsAskedForAnywhereOnTheLine() throws Exception {
        assertThat(parse(Map.of(), "--topic", "t", "--help").helpRequested()).isTrue();
        assertThat(parse(Map.of(), "-h").helpRequested()).isTrue();
        assertThat(parse(Map.of(), "--topic", "t").helpRequested()).isFalse();
    }

    @Test
    void theUsageNamesEveryOptionItsDefaultTheConfKeysAndTheExitCodes() {
        String usage = JobOptions.usage("io.example.Job", "Lands things.", LAND);

        assertThat(usage).startsWith("Usage: spark-submit --class io.example.Job spark-app.jar [OPTIONS]")
                .contains("Lands things.")
                .contains("spark.gamepipe.<option>").contains("Exit codes: 0 success, 1 failure, 2 bad arguments.");
        for (JobOptions.Option option : LAND) {
            assertThat(usage).contains("--" + option.name() + "=" + option.label());
        }
        assertThat(usage).contains("(default: {output-root}/landed_events)")
                .contains("(default: localhost:9092)").contains("--help");
    }

    @Test
    void aMissingValueOrAnUnknownOptionIsRefusedWithTheReason() {
        assertThatThrownBy(() -> parse(Map.of(), "--topic")).hasMessage("option --topic needs a value: --topic NAME");
        assertThatThrownBy(() -> parse(Map.of(), "--topic", "--output-root", "/x"))
                .hasMessage("option --topic needs a value: --topic NAME");
        assertThatThrownBy(() -> parse(Map.of(), "--nope=1")).hasMessage("unknown option --nope");
        assertThatThrownBy(() -> parse(Map.of(), "--to", "x")).as("no abbreviations").hasMessage("unknown option --to");
    }

    @Test
    void badCommandLinesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> parse(Map.of(), "events")).hasMessageContaining("unexpected argument 'events'");
        assertThatThrownBy(() -> parse(Map.of(), "--topic", "")).hasMessageContaining("--topic must not be empty");
        assertThatThrownBy(() -> parse(Map.of(), "--max-offsets-per-trigger", "0")
                .getLong(LandEventsJob.MAX_OFFSETS_PER_TRIGGER, 1)).hasMessageContaining("must be at least 1, got 0");
        assertThatThrownBy(() -> parse(Map.of("spark.gamepipe.max-offsets-per-trigger", "lots"))
                .getLong(LandEventsJob.MAX_OFFSETS_PER_TRIGGER, 1)).hasMessageContaining("must be a whole number, got 'lots'");
    }
}
