package io.gamepipe.operator.builders;

import io.gamepipe.operator.crd.GamePipeline;

/** Names and addresses of the objects a GamePipeline owns: one place, so builders, observation and docs agree. */
public final class Names {
  public static final int KAFKA_PORT = 9092;
  public static final int KAFKA_CONTROLLER_PORT = 9093;
  public static final int ZOOKEEPER_PORT = 2181;
  public static final int ZOOKEEPER_PEER_PORT = 2888;
  public static final int ZOOKEEPER_ELECTION_PORT = 3888;
  public static final int NAMENODE_RPC_PORT = 8020;
  public static final int NAMENODE_HTTP_PORT = 9870;
  public static final int DATANODE_DATA_PORT = 9866;
  public static final int DATANODE_HTTP_PORT = 9864;
  public static final int API_PORT = 5000;
  public static final int API_MANAGEMENT_PORT = 8081;

  private Names() {
  }

  public static String zooKeeper(GamePipeline cr) {
    return cr.getMetadata().getName() + "-zookeeper";
  }

  public static String zooKeeperHeadless(GamePipeline cr) {
    return zooKeeper(cr) + "-headless";
  }

  public static String kafka(GamePipeline cr) {
    return cr.getMetadata().getName() + "-kafka";
  }

  public static String kafkaHeadless(GamePipeline cr) {
    return kafka(cr) + "-headless";
  }

  public static String kafkaBootstrap(GamePipeline cr) {
    return kafka(cr) + "-bootstrap";
  }

  public static String topicJobPrefix(GamePipeline cr) {
    return cr.getMetadata().getName() + "-topic-";
  }

  public static String hdfsConfig(GamePipeline cr) {
    return cr.getMetadata().getName() + "-hdfs-config";
  }

  /** The NetworkPolicy covering the NameNode and the DataNodes. */
  public static String hdfs(GamePipeline cr) {
    return cr.getMetadata().getName() + "-hdfs";
  }

  public static String nameNode(GamePipeline cr) {
    return cr.getMetadata().getName() + "-namenode";
  }

  public static String dataNode(GamePipeline cr) {
    return cr.getMetadata().getName() + "-datanode";
  }

  public static String gameApi(GamePipeline cr) {
    return cr.getMetadata().getName() + "-game-api";
  }

  public static String spark(GamePipeline cr) {
    return cr.getMetadata().getName() + "-spark";
  }

  /** In-cluster DNS name of a Service of the CR's namespace. */
  public static String serviceHost(GamePipeline cr, String service) {
    return service + "." + cr.getMetadata().getNamespace() + ".svc";
  }

  /** DNS name of pod {@code ordinal} of a StatefulSet governed by a headless Service. */
  public static String podHost(GamePipeline cr, String statefulSet, String headless, int ordinal) {
    return statefulSet + "-" + ordinal + "." + serviceHost(cr, headless);
  }

  public static String bootstrapServers(GamePipeline cr) {
    return serviceHost(cr, kafkaBootstrap(cr)) + ":" + KAFKA_PORT;
  }

  public static String hdfsUri(GamePipeline cr) {
    return "hdfs://" + serviceHost(cr, nameNode(cr)) + ":" + NAMENODE_RPC_PORT;
  }

  public static String apiUrl(GamePipeline cr) {
    var ingress = cr.getSpec().gameApi.ingress;
    if (ingress.host != null && !ingress.host.isBlank()) {
      return (ingress.tlsSecretName != null && !ingress.tlsSecretName.isBlank() ? "https://" : "http://") + ingress.host;
    }
    var route = cr.getSpec().gameApi.httpRoute;
    if (route.gateway != null && !route.gateway.isBlank() && !route.hostnames.isEmpty()
        && !route.hostnames.get(0).startsWith("*")) {
      return "http://" + route.hostnames.get(0);
    }
    return "http://" + serviceHost(cr, gameApi(cr)) + ":" + API_PORT;
  }
}
