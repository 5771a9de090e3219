package io.gamepipe.local;

import io.gamepipe.events.PipelineJob;
import io.gamepipe.embedded.TempDirs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code demo}: the original walkthrough end to end on a fresh data directory, checking every
 * step: up, the API requests, the events in Kafka, extract → transform → separate, the HDFS
 * listing and the Parquet rows, down. Exit status 0 only if every check held.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the original walkthrough end to end on a fresh data directory, checking every step.",
                "Steps: up, the api_tests.py requests plus /purchase_a_sword, the events in Kafka, extract, transform, separate,",
                "hadoop fs -ls /tmp, the Parquet rows, down. Exit status 0 only if every check held."})
final class DemoCommand implements Callable<Integer> {

    private static final Pattern EVENT_TYPE = Pattern.compile("\"event_type\"\\s*:\\s*\"([^\"]+)\"");
    private static final String OUTPUT_ROOT = "/tmp";
    /**
     * The demo's jobs read nine events: their time goes to JVM and Spark start-up, not to data.
     * The C1 compiler only, one GC thread and no web UI start them faster on a small machine.
     */
    private static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dspark.ui.enabled=false");

    @Option(names = "--home", paramLabel = "DIR",
            description = "Data directory to use (default: a fresh temporary one, deleted afterwards).")
    Path explicitHome;

    @Option(names = "--job-memory", paramLabel = "SIZE", defaultValue = "${env:GAMEPIPE_JOB_MEMORY:-1g}",
            description = "Each job's JVM heap (default: 1g; env GAMEPIPE_JOB_MEMORY).")
    String jobMemory;

    @Mixin
    ClusterOptions options;

    private final PrintStream out = System.out;
    private final DemoChecks checks = new DemoChecks(out);

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        Layout layout = Layout.detect();
        if (options.noApi) {
            throw new GamepipeException(GamepipeException.USAGE, "demo needs the game API: drop --no-api");
        }
        layout.require(layout.sparkAppJar(), "spark-app");
        options.restartPolicy(); // a bad value is a usage error before anything happens
        if (options.apiWarmUp.isEmpty()) {
            options.apiWarmUp = "0s"; // the walkthrough sends a handful of requests: no need to wait for full speed
        }
        PortCheck.requireFree(options.ports()); // before creating anything
        boolean temporary = explicitHome == null;
        Home home = new Home(temporary ? Files.createTempDirectory("gamepipe-demo") : explicitHome);
        Supervisor.preflight(home, layout, options);
        Supervisor supervisor = new Supervisor(home, layout, options, out);
        Thread cleanup = new Thread(() -> {
            supervisor.stop();
            ClusterState.delete(home);
        }, "gamepipe-demo-down");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            walkthrough(layout, home, supervisor);
        } catch (GamepipeException e) {
            checks.stoppedBy(e.getMessage());
        } finally {
            step("docker-compose down", "./gamepipe down");
            supervisor.stop();
            ClusterState.delete(home);
            Runtime.getRuntime().removeShutdownHook(cleanup);
            if (temporary && checks.passed()) {
                TempDirs.deleteQuietly(home.dir());
            }
        }
        checks.printSummary((System.nanoTime() - started) / 1e9);
        if (checks.passed()) {
            return 0;
        }
        out.println("Logs kept in " + home.logs());
        return GamepipeException.FAILURE;
    }

    private void walkthrough(Layout layout, Home home, Supervisor supervisor) throws Exception {
        step("docker-compose up -d; kafka-topics --create --topic events; flask run", "./gamepipe up -d");
        supervisor.start();
        ClusterState state = supervisor.state();
        Endpoints.print(state, home, out);
        checks.progress("While it runs: " + options.restartPolicy().describe() + ".");

        step("python3 api_tests.py; curl http://localhost:5000/purchase_a_sword", "curl " + state.get("api.url") + "...");
        sendRequests(state.get("api.url").replaceAll("/$", ""));

        step("kafkacat -C -b kafka:29092 -t events -o beginning -e", "./gamepipe events --from-beginning");
        checkEvents(state);

        JobRunner jobs = new JobRunner(layout, home, state, jobMemory, QUICK_START, out);
        try (Datasets datasets = new Datasets(state.hdfsUri())) {
            step("spark-submit extract_events.py", "./gamepipe submit extract");
            runJob(jobs, PipelineJob.EXTRACT);
            checkDataset(datasets, "extracted_events", ApiRequest.WALKTHROUGH.size());

            step("spark-submit transform_events.py", "./gamepipe submit transform");
            runJob(jobs, PipelineJob.TRANSFORM);
            checkDataset(datasets, "extracted_events", ApiRequest.WALKTHROUGH.size());

            step("spark-submit separate_events.py", "./gamepipe submit separate");
            runJob(jobs, PipelineJob.SEPARATE);
            ApiRequest.count(ApiRequest.WALKTHROUGH, ApiRequest::dataset).forEach((dataset, rows) -> checkDataset(datasets, dataset, rows));

            step("hadoop fs -ls /tmp", "./gamepipe fs -ls " + OUTPUT_ROOT);
            checks.check(FsCommand.runShell(state.hdfsUri(), "-ls", OUTPUT_ROOT) == 0, "hadoop fs -ls " + OUTPUT_ROOT + " succeeded");
        }
    }

    private void sendRequests(String baseUrl) throws IOException {
        for (ApiRequest request : ApiRequest.WALKTHROUGH) {
            ApiRequest.Response response = request.send(baseUrl);
            out.println("$ curl " + baseUrl + request.path());
            out.print(response.body());
            checks.check(response.status() == 200 && response.body().equals(request.expectedBody()),
                    "GET " + request.path() + " answered " + quote(request.expectedBody())
                            + (response.body().equals(request.expectedBody()) ? "" : " (got " + response.status() + " " + quote(response.body()) + ")"));
        }
    }

    private void checkEvents(ClusterState state) {
        Map<String, Long> byType = new TreeMap<>();
        long count = EventsCommand.read(state.bootstrapServers(), state.topic(), true, false, record -> {
            out.println(record.value());
            Matcher type = EVENT_TYPE.matcher(record.value());
            byType.merge(type.find() ? type.group(1) : "(none)", 1L, Long::sum);
        }, out);
        checks.check(count == ApiRequest.WALKTHROUGH.size(), ApiRequest.WALKTHROUGH.size() + " events in topic " + state.topic() + " (found " + count + ")");
        Map<String, Long> expected = ApiRequest.count(ApiRequest.WALKTHROUGH, request -> request.eventType().wireName());
        checks.check(byType.equals(expected), "event types " + expected + " (found " + byType + ")");
    }

    private void runJob(JobRunner jobs, PipelineJob job) {
        int exitCode = jobs.run(job, List.of("--output-root", OUTPUT_ROOT));
        if (exitCode != 0) {
            throw new GamepipeException("job " + job.id() + " failed with exit code " + exitCode);
        }
        checks.progress("job " + job.id() + " finished; its output in HDFS:");
    }

    private void checkDataset(Datasets datasets, String name, long expectedRows) {
        String dir = OUTPUT_ROOT + "/" + name;
        checks.check(datasets.isComplete(dir), dir + "/_SUCCESS exists");
        long rows = datasets.rows(dir);
        checks.check(rows == expectedRows, dir + " holds " + expectedRows + " Parquet rows (found " + rows + ")");
    }

    private void step(String original, String equivalent) {
        out.println();
        out.println("=== " + original);
        out.println("    gamepipe: " + equivalent);
        out.flush();
    }

    private static String quote(String body) {
        return "'" + body.replace("\n", "\\n") + "'";
    }
}
