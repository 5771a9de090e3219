package io.gamepipe.operator.freshness;

import io.gamepipe.operator.builders.Names;
import io.gamepipe.operator.crd.GamePipeline;

/**
 * Where a pipeline's freshness is read: its Kafka and topic, and the NameNode's HTTP address (WebHDFS) with the
 * jobs' output root.
 */
public record FreshnessTarget(String bootstrapServers, String topic, String webHdfsUrl, String outputRoot) {

  /** The pipeline's own Services, as the operator reaches them from inside the cluster. */
  public static FreshnessTarget of(GamePipeline cr) {
    return new FreshnessTarget(Names.bootstrapServers(cr), cr.getSpec().kafka.topic.name,
        "http://" + Names.serviceHost(cr, Names.nameNode(cr)) + ":" + Names.NAMENODE_HTTP_PORT,
        cr.getSpec().spark.outputRoot);
  }

  /** Where the report of {@code job} lives (as the events module's JobReports.path says). */
  public String reportPath(String job) {
    String root = outputRoot.endsWith("/") ? outputRoot.substring(0, outputRoot.length() - 1) : outputRoot;
    return root + "/" + REPORTS_FOLDER + "/" + job + ".json";
  }

  /** The folder of the jobs' reports under the output root. */
  public static final String REPORTS_FOLDER = "_reports";
}
