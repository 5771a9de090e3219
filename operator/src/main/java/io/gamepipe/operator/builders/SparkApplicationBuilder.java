package io.gamepipe.operator.builders;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.gamepipe.operator.crd.Defaults;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.JobName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of one job as a Kubeflow spark-operator SparkApplication (v1beta2). Kept generic: the typed model of
 * that CRD is hundreds of classes for the few fields used here.
 */
public final class SparkApplicationBuilder {
  public static final String GROUP = "sparkoperator.k8s.io";
  public static final String VERSION = "v1beta2";
  public static final String PLURAL = "sparkapplications";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String KIND = "SparkApplication";
  public static final String COMPONENT = "spark-run";
  public static final String JOB_LABEL = "gamepipe.io/job";
  public static final String TRIGGER_LABEL = "gamepipe.io/trigger";
  public static final String SUBMITTED_AT = "gamepipe.io/submitted-at";
  /** The jobs of this run's trigger, in order; the next one starts when this run completes. */
  public static final String CHAIN = "gamepipe.io/chain";
  /** What the run names share within one trigger: the slot time or the request id. */
  public static final String RUN_ID = "gamepipe.io/run-id";
  public static final String APPLICATION_FILE = "local:///opt/gamepipe/spark-app.jar";
  /** uid of the spark user in the apache/spark images spark-app is built on. */
  public static final long SPARK_UID = 185L;

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private SparkApplicationBuilder() {
  }

  /** Every job's arguments; compact's also carry the pipeline's retention. */
  public static List<String> arguments(GamePipeline cr, JobName job) {
    List<String> arguments = new ArrayList<>(List.of("--bootstrap-servers", Names.bootstrapServers(cr),
        "--topic", cr.getSpec().kafka.topic.name,
        "--output-root", cr.getSpec().spark.outputRoot));
    var retention = cr.getSpec().retention;
    if (job == JobName.COMPACT && retention != null && retention.days != null) {
      arguments.addAll(List.of("--retention-days", String.valueOf(retention.days)));
    }
    return arguments;
  }

  /**
   * Hadoop settings of the jobs' HDFS client. Replication is chosen by the client that writes a file, not by the
   * NameNode: without dfs.replication here Spark writes every block 3 times (Hadoop's default), on fewer DataNodes
   * than that for ever under-replicated. Every run gets the JIT flags of its backlog, when the operator knows it
   * ({@link JobCompilerOptions}).
   */
  public static Map<String, String> sparkConf(GamePipeline cr, JobName job) {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.hadoop.fs.defaultFS", Names.hdfsUri(cr));
    conf.put("spark.hadoop.dfs.replication", String.valueOf(cr.getSpec().hdfs.replication));
    // The image's entrypoint launches the driver with spark-submit in client mode, which applies the driver's
    // extraJavaOptions, and each executor's JVM with the SPARK_JAVA_OPT_* variables Spark makes of the executors'.
    String javaOptions = JobCompilerOptions.javaOptions(cr, job);
    conf.put("spark.driver.extraJavaOptions", javaOptions);
    conf.put("spark.executor.extraJavaOptions", javaOptions);
    return conf;
  }

  public static GenericKubernetesResource build(GamePipeline cr, JobName job, String runName, String trigger,
      Instant submittedAt) {
    return build(cr, job, runName, trigger, submittedAt, "", List.of(job));
  }

  public static GenericKubernetesResource build(GamePipeline cr, JobName job, String runName, String trigger,
      Instant submittedAt, String runId, List<JobName> chain) {
    var spark = cr.getSpec().spark;
    Map<String, String> labels = Labels.of(cr, COMPONENT);
    labels.put(JOB_LABEL, job.id());
    labels.put(TRIGGER_LABEL, trigger);
    ObjectMeta meta = Ownership.meta(cr, runName, COMPONENT);
    meta.setLabels(labels);
    meta.setAnnotations(Map.of(SUBMITTED_AT, submittedAt.toString(), RUN_ID, runId,
        CHAIN, String.join(",", chain.stream().map(JobName::id).toList())));

    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("type", "Java");
    spec.put("mode", "cluster");
    spec.put("image", spark.image);
    spec.put("imagePullPolicy", "IfNotPresent");
    spec.put("mainClass", job.mainClass());
    spec.put("mainApplicationFile", APPLICATION_FILE);
    spec.put("sparkVersion", Defaults.SPARK_VERSION);
    spec.put("arguments", arguments(cr, job));
    spec.put("sparkConf", sparkConf(cr, job));
    spec.put("restartPolicy", Map.of("type", "Never"));
    Map<String, Object> driver = pod(cr);
    driver.put("cores", spark.driver.cores);
    driver.put("memory", spark.driver.memory);
    driver.put("coreRequest", spark.driver.coreRequest);
    Map<String, Object> executor = pod(cr);
    executor.put("instances", spark.executor.instances);
    executor.put("cores", spark.executor.cores);
    executor.put("memory", spark.executor.memory);
    executor.put("coreRequest", spark.executor.coreRequest);
    spec.put("driver", driver);
    spec.put("executor", executor);

    return new GenericKubernetesResourceBuilder()
        .withApiVersion(API_VERSION)
        .withKind(KIND)
        .withMetadata(meta)
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }

  /** What driver and executor share: identity, labels, placement, a non-root security context. */
  private static Map<String, Object> pod(GamePipeline cr) {
    Map<String, Object> pod = new LinkedHashMap<>();
    pod.put("serviceAccount", Names.spark(cr));
    pod.put("labels", Labels.of(cr, COMPONENT));
    if (!cr.getSpec().pod.nodeSelector.isEmpty()) {
      pod.put("nodeSelector", new LinkedHashMap<>(cr.getSpec().pod.nodeSelector));
    }
    if (!cr.getSpec().pod.tolerations.isEmpty()) {
      // Plain maps, as the rest of a generic resource.
      pod.put("tolerations", SERIALIZATION.convertValue(cr.getSpec().pod.tolerations, List.class));
    }
    pod.put("securityContext", Map.of("runAsNonRoot", true, "runAsUser", SPARK_UID,
        "allowPrivilegeEscalation", false, "capabilities", Map.of("drop", List.of("ALL"))));
    return pod;
  }
}
