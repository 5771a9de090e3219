package io.gamepipe.operator.builders;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamepipe.operator.Fixtures;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.JobName;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SparkApplicationBuilderTest {
  private final GamePipeline cr = Fixtures.pipeline("game", "prod");
  private static final Instant AT = Instant.parse("2026-11-24T20:15:00Z");

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(io.fabric8.kubernetes.api.model.GenericKubernetesResource app) {
    return (Map<String, Object>) app.getAdditionalProperties().get("spec");
  }

  @Test
  void everyJobRunsItsMainClassAgainstThePipelinesKafkaAndHdfs() {
    for (JobName job : JobName.values()) {
      var app = SparkApplicationBuilder.build(cr, job, "game-" + job.id() + "-r-x", "request", AT);
      assertThat(app.getApiVersion()).isEqualTo("sparkoperator.k8s.io/v1beta2");
      assertThat(app.getKind()).isEqualTo("SparkApplication");
      PodAssertions.assertOwned(app, cr, "spark-run");
      assertThat(app.getMetadata().getLabels()).containsEntry("gamepipe.io/job", job.id())
          .containsEntry("gamepipe.io/trigger", "request");
      assertThat(app.getMetadata().getAnnotations()).containsEntry("gamepipe.io/submitted-at", AT.toString());
      assertThat(spec(app)).containsEntry("type", "Java").containsEntry("mode", "cluster")
          .containsEntry("mainClass", job.mainClass())
          .containsEntry("mainApplicationFile", "local:///opt/gamepipe/spark-app.jar")
          .containsEntry("sparkVersion", "3.5.7")
          .containsEntry("image", "gamepipe/spark-app:0.1.0")
          .containsEntry("restartPolicy", Map.of("type", "Never"))
          .containsEntry("sparkConf", Map.of("spark.hadoop.fs.defaultFS", "hdfs://game-namenode.prod.svc:8020",
              "spark.hadoop.dfs.replication", "1",
              "spark.driver.extraJavaOptions", "-XX:+UseParallelGC " + String.join(" ", JobCompilerOptions.withoutBacklog()),
              "spark.executor.extraJavaOptions", "-XX:+UseParallelGC " + String.join(" ", JobCompilerOptions.withoutBacklog())))
          .containsEntry("arguments", List.of("--bootstrap-servers", "game-kafka-bootstrap.prod.svc:9092",
              "--topic", "events", "--output-root", "/tmp"));
    }
    assertThat(JobName.values()).extracting(JobName::mainClass).containsExactly(
        "io.gamepipe.spark.jobs.ExtractEventsJob", "io.gamepipe.spark.jobs.TransformEventsJob",
        "io.gamepipe.spark.jobs.SeparateEventsJob", "io.gamepipe.spark.jobs.LandEventsJob",
        "io.gamepipe.spark.jobs.CompactEventsJob");
  }

  @Test
  void aLandRunIsLaunchedWithTheCompilersOfTheBacklogLastSeen() {
    // The parallel collector first in every run's options, whatever the compilers.
    String quick = "-XX:+UseParallelGC -XX:TieredStopAtLevel=1";
    String lateC2 = "-XX:+UseParallelGC -XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000"
        + " -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=400000";
    assertThat(sparkConf(JobName.LAND)).as("no status yet: C2 late, the job keeps it off a short run itself")
        .containsEntry("spark.driver.extraJavaOptions", lateC2).containsEntry("spark.executor.extraJavaOptions", lateC2);

    cr.setStatus(new io.gamepipe.operator.crd.GamePipelineStatus());
    cr.getStatus().freshness = new io.gamepipe.operator.crd.GamePipelineStatus.Freshness();
    assertThat(sparkConf(JobName.LAND)).as("freshness unknown").containsEntry("spark.driver.extraJavaOptions", lateC2);

    cr.getStatus().freshness.eventsNotLanded = 10_000L;
    assertThat(sparkConf(JobName.LAND)).containsEntry("spark.driver.extraJavaOptions", quick)
        .containsEntry("spark.executor.extraJavaOptions", quick);
    for (JobName other : List.of(JobName.EXTRACT, JobName.TRANSFORM, JobName.SEPARATE, JobName.COMPACT)) {
      assertThat(sparkConf(other)).as(other.id() + ": its backlog is not land's")
          .containsEntry("spark.driver.extraJavaOptions", lateC2).containsEntry("spark.executor.extraJavaOptions", lateC2);
    }

    cr.getStatus().freshness.eventsNotLanded = JobCompilerOptions.C2_FROM_RECORDS;
    assertThat(sparkConf(JobName.LAND)).as("a long run: both compilers, C2 for the hottest code only")
        .containsEntry("spark.driver.extraJavaOptions", lateC2).containsEntry("spark.executor.extraJavaOptions", lateC2);
  }

  @SuppressWarnings("unchecked")
  private Map<String, String> sparkConf(JobName job) {
    return (Map<String, String>) spec(SparkApplicationBuilder.build(cr, job, "game-" + job.id() + "-r-x", "request", AT))
        .get("sparkConf");
  }

  @Test
  void onlyCompactIsGivenTheRetentionAndOnlyWhenItIsSet() {
    List<String> common = List.of("--bootstrap-servers", "game-kafka-bootstrap.prod.svc:9092", "--topic", "events",
        "--output-root", "/tmp");
    assertThat(spec(SparkApplicationBuilder.build(cr, JobName.COMPACT, "game-compact-r-x", "request", AT)))
        .as("no retention: keep for ever").containsEntry("arguments", common);

    cr.getSpec().retention = new io.gamepipe.operator.crd.RetentionSpec();
    cr.getSpec().retention.days = 30;

    List<String> withRetention = new java.util.ArrayList<>(common);
    withRetention.addAll(List.of("--retention-days", "30"));
    assertThat(spec(SparkApplicationBuilder.build(cr, JobName.COMPACT, "game-compact-r-x", "request", AT)))
        .containsEntry("arguments", withRetention);
    for (JobName job : List.of(JobName.EXTRACT, JobName.TRANSFORM, JobName.SEPARATE, JobName.LAND)) {
      assertThat(spec(SparkApplicationBuilder.build(cr, job, "game-" + job.id() + "-r-x", "request", AT)))
          .as(job.id()).containsEntry("arguments", common);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void driverAndExecutorsGetTheServiceAccountSizesAndPodSettings() {
    cr.getSpec().spark.driver.cores = 2;
    cr.getSpec().spark.driver.memory = "1g";
    cr.getSpec().spark.executor.instances = 4;
    cr.getSpec().spark.executor.cores = 3;
    cr.getSpec().spark.executor.memory = "2g";
    cr.getSpec().spark.executor.coreRequest = "1.5";
    cr.getSpec().spark.outputRoot = "/warehouse";
    cr.getSpec().spark.image = "gamepipe/spark-app:0.2.0";
    PodAssertions.withPodSettings(cr);
    var spec = spec(SparkApplicationBuilder.build(cr, JobName.LAND, "game-land-s-1", "schedule", AT));
    var driver = (Map<String, Object>) spec.get("driver");
    var executor = (Map<String, Object>) spec.get("executor");
    // The pod requests coreRequest (default 250m) from Kubernetes: a run fits a small node whatever cores says.
    assertThat(driver).containsEntry("cores", 2).containsEntry("memory", "1g").containsEntry("coreRequest", "250m")
        .containsEntry("serviceAccount", "game-spark").containsEntry("nodeSelector", Map.of("pool", "data"));
    assertThat(executor).containsEntry("instances", 4).containsEntry("cores", 3).containsEntry("memory", "2g")
        .containsEntry("coreRequest", "1.5")
        .containsEntry("serviceAccount", "game-spark");
    assertThat((List<Map<String, Object>>) executor.get("tolerations")).singleElement()
        .satisfies(t -> assertThat(t).containsEntry("key", "dedicated").containsEntry("effect", "NoSchedule"));
    assertThat((Map<String, Object>) driver.get("securityContext")).containsEntry("runAsNonRoot", true);
    assertThat((List<String>) spec.get("arguments")).endsWith("--output-root", "/warehouse");
    assertThat(spec).containsEntry("image", "gamepipe/spark-app:0.2.0");
  }

  /**
   * Hadoop fact: the writing client picks a file's replication (dfs.replication, 3 by default), not the NameNode.
   * Every HDFS client the operator starts gets hdfs.replication: the jobs through their Spark conf, the HDFS pods
   * (the NameNode's format, `hdfs dfs` run in them) through the hdfs-site.xml of their HADOOP_CONF_DIR.
   */
  @Test
  void everyHdfsClientTheOperatorStartsWritesWithTheSpecsReplication() {
    cr.getSpec().hdfs.dataNodes.replicas = 2;
    cr.getSpec().hdfs.replication = 2;
    for (JobName job : JobName.values()) {
      @SuppressWarnings("unchecked")
      var spec = (Map<String, Object>) SparkApplicationBuilder.build(cr, job, "r", "request", Instant.EPOCH)
          .getAdditionalProperties().get("spec");
      assertThat((Map<String, String>) spec.get("sparkConf")).as(job.id())
          .containsEntry("spark.hadoop.dfs.replication", "2");
    }
    assertThat(HdfsBuilder.configMap(cr).getData().get("hdfs-site.xml"))
        .contains("<name>dfs.replication</name><value>2</value>");
    for (var sts : List.of(HdfsBuilder.nameNodeStatefulSet(cr), HdfsBuilder.dataNodeStatefulSet(cr))) {
      var container = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(container.getEnv()).anySatisfy(e -> {
        assertThat(e.getName()).isEqualTo("HADOOP_CONF_DIR");
        assertThat(e.getValue()).isEqualTo(HdfsBuilder.CONF_DIR);
      });
      assertThat(container.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo(HdfsBuilder.CONF_DIR));
    }
  }
}
