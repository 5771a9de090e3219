package io.gamepipe.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class SparkSpec {
  @JsonPropertyDescription("spark-app image (Spark 3.5, Java 17) holding local:///opt/gamepipe/spark-app.jar.")
  @Default(Defaults.SPARK_APP_IMAGE)
  public String image = Defaults.SPARK_APP_IMAGE;

  @JsonPropertyDescription("Jobs started by the schedule, and by a run request that lists none, one after the other in pipeline order (extract, transform, separate, land, compact). compact merges land's small files and applies retention; it is not in the default list.")
  @Default("[\"extract\", \"transform\", \"separate\", \"land\"]")
  public List<JobName> jobs = new ArrayList<>(DEFAULT_JOBS);

  /** The jobs of a new pipeline: the original's three and land; compaction is asked for. */
  public static final List<JobName> DEFAULT_JOBS = List.of(JobName.EXTRACT, JobName.TRANSFORM, JobName.SEPARATE, JobName.LAND);

  @JsonPropertyDescription("Cron schedule (5 fields: minute hour day-of-month month day-of-week, UTC; *, lists, ranges and steps) of the jobs; empty means on request only.")
  @Pattern("^$|^(\\S+\\s+){4}\\S+$")
  public String schedule;

  @JsonPropertyDescription("On-demand run: set a new id to start one run of each listed job.")
  public RunRequest runRequest;

  @JsonPropertyDescription("--output-root of the jobs, on HDFS.")
  @Default(Defaults.OUTPUT_ROOT)
  @Pattern("^/.*$")
  public String outputRoot = Defaults.OUTPUT_ROOT;

  @JsonPropertyDescription("Spark driver pod.")
  @Default("{}")
  public DriverSpec driver = new DriverSpec();

  @JsonPropertyDescription("Spark executor pods.")
  @Default("{}")
  public ExecutorSpec executor = new ExecutorSpec();

  @JsonPropertyDescription("Runs (SparkApplications) kept per job; older ones are deleted.")
  @Default("3")
  @Min(1)
  @Max(50)
  public int historyLimit = 3;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class RunRequest {
    @JsonPropertyDescription("Request id, part of the run names: lower-case letters, digits and '-', at most 16 characters. A new id starts new runs; the same id never runs twice.")
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]{0,14}[a-z0-9])?$")
    public String id;

    @JsonPropertyDescription("Jobs to run; empty means spark.jobs.")
    @Size(max = 5)
    public List<JobName> jobs = new ArrayList<>();
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class DriverSpec {
    @JsonPropertyDescription("Cores of the pod (driver or each executor).")
    @Default("1")
    @Min(1)
    @Max(16)
    public int cores = 1;

    @JsonPropertyDescription("Memory of the pod (Spark notation, e.g. 512m, 2g).")
    @Default("512m")
    @Pattern("^[0-9]+[kmgt]?$")
    public String memory = "512m";

    @JsonPropertyDescription("CPU the pod requests from Kubernetes (a quantity: 250m, 1, 1.5), whatever cores says (Spark's task slots); small by default so that a run fits a small node.")
    @Default("250m")
    @Pattern("^[0-9]+(\\.[0-9]+)?m?$")
    public String coreRequest = "250m";
  }

  /** Executors size like the driver, plus how many there are. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ExecutorSpec extends DriverSpec {
    @JsonPropertyDescription("Number of executors.")
    @Default("1")
    @Min(1)
    @Max(100)
    public int instances = 1;
  }
}
