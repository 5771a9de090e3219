package io.gamepipe.local;

import io.gamepipe.events.PipelineJob;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code submit JOB [ARGS]}: runs one Spark job against the running cluster, like spark-submit. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Runs a Spark job (local[*]) against the running Kafka and HDFS, like spark-submit.",
                "  extract    reads every event from Kafka into /tmp/extracted_events",
                "  transform  rewrites /tmp/extracted_events with the munged events",
                "  separate   one dataset per event type under /tmp (default_hits, item_purchases, ...)",
                "  land       lands new events incrementally, exactly once",
                "  compact    merges land's small files; --retention-days N deletes older partitions",
                "Arguments after JOB go to the job (./gamepipe submit extract --help lists them)."})
final class SubmitCommand implements Callable<Integer> {

    @Mixin
    HomeOption homeOption;

    @Option(names = "--job-memory", paramLabel = "SIZE", defaultValue = "${env:GAMEPIPE_JOB_MEMORY:-1g}",
            description = "The job's JVM heap (default: 1g; env GAMEPIPE_JOB_MEMORY).")
    String jobMemory;

    @Parameters(index = "0", paramLabel = "JOB", description = "extract, transform, separate, land or compact.")
    String job;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "The job's own arguments.")
    List<String> jobArgs = new ArrayList<>();

    @Override
    public Integer call() {
        PipelineJob selected = PipelineJob.byId(job).orElseThrow(() -> new GamepipeException(GamepipeException.USAGE,
                "unknown job '" + job + "': expected one of " + PipelineJob.ids()));
        Layout layout = Layout.detect();
        Home home = homeOption.home(layout);
        ClusterState state = ClusterState.requireRunning(home);
        return new JobRunner(layout, home, state, jobMemory, List.of(), System.out).run(selected, jobArgs);
    }
}
