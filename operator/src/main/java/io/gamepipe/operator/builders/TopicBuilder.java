package io.gamepipe.operator.builders;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.gamepipe.operator.crd.GamePipeline;

/**
 * A Job that creates the events topic, or grows its partitions. A Job's template is immutable, so the name
 * carries a hash of what it does: a changed topic spec gives a new Job, an unchanged one is left alone.
 */
public final class TopicBuilder {
  public static final String COMPONENT = "kafka-topic";

  private TopicBuilder() {
  }

  public static String script(GamePipeline cr) {
    var topic = cr.getSpec().kafka.topic;
    String tool = KafkaBuilder.BIN + "kafka-topics.sh --bootstrap-server " + Names.bootstrapServers(cr);
    return "set -eu\n"
        + tool + " --create --if-not-exists --topic " + topic.name + " --partitions " + topic.partitions
        + " --replication-factor " + topic.replication + "\n"
        + "current=$(" + tool + " --describe --topic " + topic.name
        + " | sed -n 's/.*PartitionCount: *\\([0-9]*\\).*/\\1/p' | head -n 1)\n"
        + "if [ \"$current\" -lt " + topic.partitions + " ]; then\n"
        + "  " + tool + " --alter --topic " + topic.name + " --partitions " + topic.partitions + "\n"
        + "fi\n";
  }

  public static String name(GamePipeline cr) {
    var kafka = cr.getSpec().kafka;
    return Names.topicJobPrefix(cr) + Hashes.of(script(cr) + kafka.image);
  }

  public static Job job(GamePipeline cr) {
    var container = new ContainerBuilder()
        .withName("create-topic")
        .withImage(cr.getSpec().kafka.image)
        .withCommand("bash", "-c", script(cr))
        // kafka-run-class.sh gives a CLI -Xmx256M when unset: more than half the Job's memory.
        .withEnv(Resources.heapEnv("KAFKA_HEAP_OPTS", Resources.topicJob(), heap -> "-Xmx" + heap + "m"))
        .withResources(Resources.topicJob())
        .withSecurityContext(PodTemplates.containerSecurity())
        .build();
    return new JobBuilder()
        .withMetadata(Ownership.meta(cr, name(cr), COMPONENT))
        .withNewSpec()
        .withBackoffLimit(10)
        .withNewTemplate()
        .withNewMetadata().withLabels(Labels.of(cr, COMPONENT)).endMetadata()
        .withSpec(new PodSpecBuilder(PodTemplates.podSpec(cr, container)).withRestartPolicy("OnFailure").build())
        .endTemplate()
        .endSpec()
        .build();
  }
}
