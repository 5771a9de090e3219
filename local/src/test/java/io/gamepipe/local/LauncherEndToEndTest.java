package io.gamepipe.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamepipe.embedded.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The launcher end to end with its real processes, as a user runs it: the demo (its own up and
 * down) on a data directory, then up -d on the same directory with the demo's events and files
 * still there, the original's API requests again, the events in Kafka, each job submitted, the
 * HDFS listing and the Parquet rows, the HDFS shell, and down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LauncherEndToEndTest {

    private static final List<String> DATASETS = List.of("default_hits", "guild_joins", "item_purchases", "sword_purchases");
    /** Events per walkthrough: the demo sends one round, the tests a second. */
    private static final int ROUND = ApiRequest.WALKTHROUGH.size();

    static Path temp;
    static Launcher launcher;
    static Launcher.Result demo;

    @BeforeAll
    static void demoThenUp() throws IOException {
        temp = Files.createTempDirectory("gamepipe-e2e");
        launcher = new Launcher(temp.resolve("home"));
        demo = launcher.run("demo", "--home", launcher.home.toString());
        String up = launcher.ok("up", "-d");
        assertThat(up).contains("game API ready at http://localhost:" + launcher.port("API"));
    }

    @AfterAll
    static void down() throws IOException {
        if (launcher != null) {
            launcher.run("down");
        }
        TempDirs.deleteQuietly(temp);
    }

    /**
     * What the demo checks, each something that could fail: every request's answer, the events'
     * count and types, and per dataset its _SUCCESS and its rows (extract, transform, then each of
     * separate's), and the HDFS listing. A job's end is a progress line, not a check.
     */
    private static final int DEMO_CHECKS = ROUND + 2 + 2 * (2 + ApiRequest.count(ApiRequest.WALKTHROUGH, ApiRequest::dataset).size()) + 1;

    @Test
    @Order(1)
    void demoWalksThroughTheOriginalAndEveryCheckHolds() {
        assertThat(DEMO_CHECKS).isEqualTo(24);
        assertThat(demo.exitCode()).as(demo.all()).isZero();
        assertThat(demo.stdout()).contains("demo passed: " + DEMO_CHECKS + " checks held").doesNotContain("✘")
                .contains("job extract finished").contains("is restarted on its ports and data after 1 s")
                .contains("$ curl " + launcher.apiUrl() + "/purchase_a_sword\n\nSword Purchased!\n")
                .contains("% Reached end of topic events [0] at offset " + ROUND)
                .contains("== SeparateEventsJob summary ==")
                .contains("/tmp/sword_purchases").contains("stopped Kafka");
    }

    @Test
    @Order(2)
    void statusShowsEveryComponentAlive() {
        String status = launcher.ok("status");

        assertThat(status).contains("gamepipe is running")
                .containsPattern("kafka +pid \\d+ +alive").containsPattern("hdfs +pid \\d+ +alive").containsPattern("api +pid \\d+ +alive")
                .contains("localhost:" + launcher.port("KAFKA"))
                .contains("hdfs://localhost:" + launcher.port("HDFS"))
                .contains("http://localhost:" + launcher.port("HDFS_HTTP") + "/")
                .contains(launcher.apiUrl() + "/");
        // The demo sent a round of events and never ran land.
        assertThat(status).containsPattern("landing +" + ROUND + " events not landed, the oldest from 20\\S+Z \\(\\d+ (s|min) ago\\)")
                .containsPattern("landing +last land run: none yet");
        assertThat(launcher.ok("logs", "kafka")).contains("READY localhost:" + launcher.port("KAFKA"));
        assertThat(launcher.ok("logs", "hdfs", "-n", "1").lines()).hasSize(1);
        assertThat(launcher.ok("logs", "supervisor")).contains("gamepipe is up");
    }

    @Test
    @Order(3)
    void demoDataSurvivedItsDownAndThisUp() throws IOException {
        assertThat(launcher.ok("events", "--from-beginning").lines()).hasSize(ROUND);
        assertThat(rows("extracted_events")).isEqualTo(ROUND);
        assertThat(rows("sword_purchases")).isEqualTo(1);
    }

    @Test
    @Order(4)
    void apiAnswersTheOriginalRequests() throws Exception {
        for (ApiRequest request : ApiRequest.WALKTHROUGH) {
            ApiRequest.Response response = request.send(launcher.apiUrl());
            assertThat(response.status()).as(request.path()).isEqualTo(200);
            assertThat(response.body()).as(request.path()).isEqualTo(request.expectedBody());
        }
    }

    @Test
    @Order(5)
    void eventsListsOneJsonRecordPerRequest() {
        Launcher.Result events = launcher.run("events", "--from-beginning");

        assertThat(events.exitCode()).isZero();
        List<String> lines = events.stdout().lines().toList();
        assertThat(lines).hasSize(2 * ROUND).allMatch(line -> line.startsWith("{") && line.endsWith("}"));
        assertThat(lines.get(ROUND)).contains("\"event_type\":\"default\"").contains("\"Host\":\"localhost:" + launcher.port("API") + "\"");
        assertThat(lines.get(2 * ROUND - 1)).contains("\"event_type\":\"purchase_sword\"");
        assertThat(events.stderr()).contains("% Reached end of topic events [0] at offset " + 2 * ROUND);
    }

    @Test
    @Order(6)
    void eachJobWritesItsParquetDatasetsToHdfs() throws Exception {
        Launcher.Result extract = launcher.run("submit", "extract");
        assertThat(extract.exitCode()).as(extract.all()).isZero();
        assertThat(extract.stdout()).contains("==> extract finished");
        assertThat(rows("extracted_events")).isEqualTo(2 * ROUND);

        Launcher.Result transform = launcher.run("submit", "transform");
        assertThat(transform.exitCode()).as(transform.all()).isZero();
        assertThat(transform.stdout()).contains("extracted_events:").contains("moe").contains("no-cache");
        assertThat(rows("extracted_events")).isEqualTo(2 * ROUND);

        Launcher.Result separate = launcher.run("submit", "separate");
        assertThat(separate.exitCode()).as(separate.all()).isZero();
        Map<String, Long> expected = ApiRequest.count(ApiRequest.WALKTHROUGH, ApiRequest::dataset);
        for (String dataset : DATASETS) {
            assertThat(separate.stdout()).contains(dataset + ":");
            assertThat(rows(dataset)).as(dataset).isEqualTo(2 * expected.get(dataset));
        }

        // Land is incremental and exactly once: a second run adds nothing.
        for (int run = 1; run <= 2; run++) {
            Launcher.Result land = launcher.run("submit", "land");
            assertThat(land.exitCode()).as(land.all()).isZero();
            try (Datasets datasets = new Datasets("hdfs://localhost:" + launcher.port("HDFS"))) {
                // A streaming sink: its commit log is _spark_metadata, not _SUCCESS.
                assertThat(datasets.rows("/tmp/landed_events")).as("landed rows after run " + run).isEqualTo(2 * ROUND);
            }
        }

        // land.json says what the second run committed: status finds nothing left to land.
        assertThat(launcher.ok("status")).containsPattern("landing +every event in topic events is landed")
                .containsPattern("landing +last land run 20\\S+Z \\(\\d+ (s|min) ago, 0 events landed\\)");

        String listing = launcher.ok("fs", "-ls", "/tmp");
        assertThat(listing).contains("/tmp/extracted_events");
        DATASETS.forEach(dataset -> assertThat(listing).contains("/tmp/" + dataset));
        assertThat(launcher.ok("fs", "-ls", "/tmp/extracted_events")).contains("/tmp/extracted_events/_SUCCESS").contains(".parquet");
    }

    @Test
    @Order(7)
    void sqlQueriesEveryDatasetByItsFolderName() {
        Launcher.Result table = launcher.run("sql", "SELECT event_type, count(*) AS events FROM landed_events GROUP BY 1 ORDER BY 1");
        assertThat(table.exitCode()).as(table.all()).isZero();
        Map<String, Long> perType = ApiRequest.count(ApiRequest.WALKTHROUGH, r -> r.eventType().wireName());
        assertThat(table.stdout()).containsPattern("\\| *event_type\\|events\\|");
        perType.forEach((type, count) -> assertThat(table.stdout()).containsPattern("\\| *" + type + "\\| *" + 2 * count + "\\|"));

        Launcher.Result csv = launcher.run("sql", "--format", "csv", "SELECT count(*) AS n FROM sword_purchases");
        assertThat(csv.exitCode()).as(csv.all()).isZero();
        assertThat(csv.stdout()).as("nothing but the result on stdout").isEqualTo("n\n" + 2 * ApiRequest.count(ApiRequest.WALKTHROUGH, ApiRequest::dataset).get("sword_purchases") + "\n");

        Launcher.Result refused = launcher.run("sql", "SELECT * FROM nowhere");
        assertThat(refused.exitCode()).isEqualTo(2);
        // The error is one line; above it, a note on the quarantine folder land made but never filled.
        assertThat(refused.stderr().lines().filter(l -> l.startsWith("sql:")))
                .singleElement().asString().startsWith("sql: [TABLE_OR_VIEW_NOT_FOUND]");
        assertThat(refused.stderr()).contains("(no table landed_quarantine: ");
    }

    @Test
    @Order(8)
    void fsIsTheHdfsShell() throws IOException {
        Path local = Files.writeString(temp.resolve("note.txt"), "written through ./gamepipe fs\n");

        launcher.ok("fs", "-mkdir", "-p", "/tmp/shell");
        launcher.ok("fs", "-put", local.toString(), "/tmp/shell/note.txt");

        assertThat(launcher.ok("fs", "-cat", "/tmp/shell/note.txt")).isEqualTo("written through ./gamepipe fs\n");
        assertThat(launcher.ok("fs", "-du", "/tmp/shell")).contains("30").contains("/tmp/shell/note.txt");
        Path copy = temp.resolve("copy.txt");
        launcher.ok("fs", "-get", "/tmp/shell/note.txt", copy.toString());
        assertThat(copy).hasContent("written through ./gamepipe fs");
        Launcher.Result missing = launcher.run("fs", "-cat", "/tmp/shell/absent");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.stderr()).contains("No such file or directory");
    }

    @Test
    @Order(9)
    void downStopsEverything() {
        List<Long> pids = launcher.recordedPids();
        assertThat(launcher.ok("down")).contains("gamepipe is down");
        assertThat(pids).hasSize(4).noneMatch(Launcher::alive);
        assertThat(launcher.home.resolve("state.properties")).doesNotExist();
        assertThat(launcher.run("status").exitCode()).isEqualTo(StatusCommand.NOT_RUNNING);
    }

    private static long rows(String dataset) throws IOException {
        try (Datasets datasets = new Datasets("hdfs://localhost:" + launcher.port("HDFS"))) {
            assertThat(datasets.isComplete("/tmp/" + dataset)).as(dataset + "/_SUCCESS").isTrue();
            return datasets.rows("/tmp/" + dataset);
        }
    }
}
