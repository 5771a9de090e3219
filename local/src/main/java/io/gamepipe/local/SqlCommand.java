package io.gamepipe.local;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sql [STATEMENT]}: Spark SQL over the datasets in the running HDFS, run as a job process like submit's. */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Runs Spark SQL (local[*]) over what the jobs wrote to the running HDFS: every dataset under the "
                        + "output root is a table named after its folder (landed_events, item_purchases, ...; "
                        + "folders starting with '_' are not datasets).",
                "  ./gamepipe sql \"SELECT event_type, count(*) FROM landed_events GROUP BY 1\"",
                "Without a statement: an interactive prompt (statements end with ';', 'exit' or Ctrl-D leaves).",
                "Exit status 0 success, 2 a statement Spark refuses (its one-line reason on stderr) or a bad option, "
                        + "1 another failure (gamepipe not running, say)."})
final class SqlCommand implements Callable<Integer> {

    /** spark-app's main class for SQL (not a pipeline job: it reads what the jobs wrote). */
    static final String MAIN_CLASS = "io.gamepipe.spark.SqlShell";

    /** The result's printed forms. */
    enum Format { table, csv, json }

    @Mixin
    HomeOption homeOption;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (like show(): at most --rows rows), csv or json (one object a line): every row, "
                    + "for scripts (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "20", description = "Rows a table shows at most (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--output-root", paramLabel = "PATH", defaultValue = "/tmp",
            description = "The folder whose datasets are the tables (default: ${DEFAULT-VALUE}, where the jobs write).")
    String outputRoot;

    @Option(names = "--job-memory", paramLabel = "SIZE", defaultValue = "${env:GAMEPIPE_JOB_MEMORY:-1g}",
            description = "The Spark JVM's heap (default: 1g; env GAMEPIPE_JOB_MEMORY).")
    String jobMemory;

    @Parameters(paramLabel = "STATEMENT", arity = "0..*",
            description = "The statement (quote it; several arguments are joined by spaces). None: the prompt.")
    List<String> statement = new ArrayList<>();

    @Override
    public Integer call() {
        Layout layout = Layout.detect();
        Home home = homeOption.home(layout);
        ClusterState state = ClusterState.requireRunning(home);
        List<String> args = new ArrayList<>(List.of("--output-root", outputRoot, "--format", format.name(),
                "--rows", Integer.toString(rows)));
        if (!statement.isEmpty()) {
            args.add("--");
            args.add(String.join(" ", statement));
        }
        // Its output is the result, nothing else: scripts read csv or json from stdout.
        return new JobRunner(layout, home, state, jobMemory, List.of(), System.err).runMain(MAIN_CLASS, "sql", args);
    }
}
