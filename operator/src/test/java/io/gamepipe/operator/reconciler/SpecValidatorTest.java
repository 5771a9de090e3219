package io.gamepipe.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.gamepipe.operator.Fixtures;
import io.gamepipe.operator.crd.GamePipeline;
import io.gamepipe.operator.crd.KafkaSpec.KafkaMode;
import io.gamepipe.operator.crd.JobName;
import io.gamepipe.operator.crd.RetentionSpec;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {
  private static List<String> problems(String name, Consumer<GamePipeline> change) {
    GamePipeline cr = Fixtures.pipeline(name, "prod");
    change.accept(cr);
    return SpecValidator.validate(cr);
  }

  private static List<String> problems(Consumer<GamePipeline> change) {
    return problems("game", change);
  }

  private static RetentionSpec retention(Integer days) {
    RetentionSpec retention = new RetentionSpec();
    retention.days = days;
    return retention;
  }

  @Test
  void defaultsAndAFullConsistentSpecAreValid() {
    assertThat(problems(cr -> { })).isEmpty();
    assertThat(problems(cr -> {
      cr.getSpec().kafka.mode = KafkaMode.ZooKeeper;
      cr.getSpec().zookeeper.replicas = 3;
      cr.getSpec().kafka.brokers = 3;
      cr.getSpec().kafka.topic.replication = 3;
      cr.getSpec().hdfs.dataNodes.replicas = 3;
      cr.getSpec().hdfs.replication = 3;
      cr.getSpec().gameApi.ingress.host = "play.example.com";
      cr.getSpec().gameApi.ingress.tlsSecretName = "tls";
      cr.getSpec().spark.schedule = "0 */6 * * *";
    })).isEmpty();
  }

  @Test
  void contradictionsAreEachNamed() {
    assertThat(problems(cr -> cr.getSpec().kafka.topic.replication = 2))
        .containsExactly("kafka.topic.replication (2) exceeds kafka.brokers (1)");
    assertThat(problems(cr -> {
      cr.getSpec().kafka.mode = KafkaMode.ZooKeeper;
      cr.getSpec().zookeeper.replicas = 2;
    })).containsExactly("zookeeper.replicas (2) must be odd for a majority quorum");
    assertThat(problems(cr -> cr.getSpec().zookeeper.replicas = 2)).as("ignored in KRaft mode").isEmpty();
    assertThat(problems(cr -> cr.getSpec().hdfs.replication = 3))
        .containsExactly("hdfs.replication (3) exceeds hdfs.dataNodes.replicas (1)");
    assertThat(problems(cr -> cr.getSpec().gameApi.ingress.tlsSecretName = "tls"))
        .containsExactly("gameApi.ingress.tlsSecretName/className need gameApi.ingress.host");
    assertThat(problems(cr -> {
      cr.getSpec().gameApi.ingress.host = "play.example.com";
      cr.getSpec().gameApi.enabled = false;
    })).containsExactly("gameApi.ingress.host is set but gameApi.enabled is false");
    assertThat(problems(cr -> cr.getSpec().spark.schedule = "61 * * * *"))
        .containsExactly("spark.schedule: cron minute 61 is outside 0-59");
    assertThat(problems(cr -> cr.getSpec().spark.schedule = "0 0 31 2 *"))
        .containsExactly("spark.schedule '0 0 31 2 *' never fires");
    assertThat(problems(cr -> {
      cr.getSpec().spark.schedule = "* * * * *";
      cr.getSpec().spark.jobs = List.of();
    })).containsExactly("spark.schedule is set but spark.jobs is empty");
    assertThat(problems(cr -> cr.getSpec().spark.jobs = List.of(JobName.LAND, JobName.LAND)))
        .containsExactly("spark.jobs lists a job twice");
    assertThat(problems(cr -> cr.getSpec().retention = retention(0)))
        .containsExactly("retention.days (0) must be between 1 and 36500");
    assertThat(problems(cr -> cr.getSpec().retention = retention(36_501)))
        .containsExactly("retention.days (36501) must be between 1 and 36500");
    assertThat(problems(cr -> cr.getSpec().retention = retention(null))).containsExactly(
        "retention.days is required when retention is set (leave retention out to keep landed data for ever)");
    assertThat(problems(cr -> {
      cr.getSpec().retention = retention(7);
      cr.getSpec().spark.jobs = List.of(JobName.LAND, JobName.COMPACT);
    })).isEmpty();
    assertThat(problems("a".repeat(28), cr -> { })).singleElement().asString().contains("longer than 27");
    assertThat(problems("a".repeat(27), cr -> { })).isEmpty();
  }

  @Test
  void anHttpRouteNeedsItsGatewayAndTheApi() {
    assertThat(problems(cr -> cr.getSpec().gameApi.httpRoute.hostnames = List.of("localhost")))
        .containsExactly("gameApi.httpRoute.gatewayNamespace/sectionName/hostnames need gameApi.httpRoute.gateway");
    assertThat(problems(cr -> {
      cr.getSpec().gameApi.httpRoute.gateway = "public";
      cr.getSpec().gameApi.enabled = false;
    })).containsExactly("gameApi.httpRoute.gateway is set but gameApi.enabled is false");
    assertThat(problems(cr -> cr.getSpec().gameApi.httpRoute.gateway = "public")).isEmpty();
  }

  /** Kubernetes accepts these names for a custom resource (DNS-1123 subdomains), then refuses every Service. */
  @Test
  void aNameThatCannotNameAServiceIsRefused() {
    for (String name : List.of("1game", "a.b", "game-", "-game", "Game", "ga_me")) {
      assertThat(problems(name, cr -> { })).as(name).singleElement().asString()
          .contains("metadata.name '" + name + "' is not a DNS-1035 label");
    }
    for (String name : List.of("g", "game", "game-1", "g-1-a")) {
      assertThat(problems(name, cr -> { })).as(name).isEmpty();
    }
  }

  @Test
  void aRunningPipelineKeepsItsKafkaModeAndItsKraftQuorum() {
    var json = new io.fabric8.kubernetes.client.utils.KubernetesSerialization();
    GamePipeline applied = Fixtures.pipeline("game", "prod");
    applied.getSpec().kafka.brokers = 3;
    applied.getSpec().kafka.topic.replication = 3;
    String lastSpec = json.asJson(applied.getSpec());
    Consumer<GamePipeline> running = cr -> {
      cr.setStatus(new io.gamepipe.operator.crd.GamePipelineStatus());
      cr.getStatus().lastReconciledSpec = lastSpec;
      cr.getSpec().kafka.brokers = 3;
      cr.getSpec().kafka.topic.replication = 3;
    };
    assertThat(problems(running)).isEmpty();
    assertThat(problems(running.andThen(cr -> cr.getSpec().kafka.brokers = 5)))
        .containsExactly("kafka.brokers cannot change from 3 to 5 in KRaft mode: every broker is a voter of a static"
            + " controller quorum");
    assertThat(problems(running.andThen(cr -> cr.getSpec().kafka.mode = KafkaMode.ZooKeeper)))
        .singleElement().asString().startsWith("kafka.mode cannot change from KRaft to ZooKeeper");
    assertThat(problems(running.andThen(cr -> cr.getSpec().gameApi.replicas = 4))).isEmpty();
  }

  @Test
  void freshnessDurationsAndCountsAreChecked() {
    assertThat(problems(cr -> {
      cr.getSpec().freshness.maxAge = "30m";
      cr.getSpec().freshness.maxEventsNotLanded = 0L;
      cr.getSpec().freshness.pollInterval = "10s";
    })).isEmpty();
    assertThat(problems(cr -> {
      cr.getSpec().freshness.maxAge = "half an hour";
      cr.getSpec().freshness.pollInterval = null;
      cr.getSpec().freshness.maxEventsNotLanded = -1L;
    })).containsExactly(
        "freshness.maxAge: 'half an hour' is not a duration such as 30s, 15m, 2h or 1d",
        "freshness.pollInterval: 'null' is not a duration such as 30s, 15m, 2h or 1d",
        "freshness.maxEventsNotLanded must not be negative, got -1");
  }

  @Test
  void apiFromPeersTheApiServerWouldRefuseAreNamedByIndex() {
    assertThat(problems(cr -> cr.getSpec().networkPolicies.apiFrom = List.of(
        new NetworkPolicyPeerBuilder().withNewNamespaceSelector().addToMatchLabels("team", "edge")
            .endNamespaceSelector().build(),
        new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr("10.0.0.0/8").withExcept("10.1.0.0/16")
            .endIpBlock().build(),
        new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr("fd00::/8").endIpBlock().build()))).isEmpty();

    assertThat(problems(cr -> cr.getSpec().networkPolicies.apiFrom = List.of(
        new NetworkPolicyPeerBuilder().build(),
        new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr("10.0.0.0/8").endIpBlock()
            .withNewPodSelector().endPodSelector().build(),
        new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr("300.0.0.0/8").withExcept("10.1.0.0").endIpBlock()
            .build(),
        new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr("ingress.example.com/32").endIpBlock().build())))
        .containsExactly(
            "networkPolicies.apiFrom[0] names no peer: set namespaceSelector, podSelector or ipBlock",
            "networkPolicies.apiFrom[1]: ipBlock cannot be combined with podSelector or namespaceSelector (use two"
                + " peers)",
            "networkPolicies.apiFrom[2].ipBlock.cidr '300.0.0.0/8' is not a CIDR such as 10.0.0.0/8 or fd00::/8",
            "networkPolicies.apiFrom[2].ipBlock.except[0] '10.1.0.0' is not a CIDR",
            "networkPolicies.apiFrom[3].ipBlock.cidr 'ingress.example.com/32' is not a CIDR such as 10.0.0.0/8 or"
                + " fd00::/8");
  }

  @Test
  void cidrsAreCheckedWithoutLookingAnythingUp() {
    assertThat(List.of("0.0.0.0/0", "192.168.1.0/24", "10.0.0.1/32", "::/0", "2001:db8::/32", "::ffff:10.0.0.0/104"))
        .allMatch(SpecValidator::isCidr);
    assertThat(java.util.Arrays.asList("10.0.0.0", "10.0.0.0/33", "256.1.1.1/8", "01.2.3.4/8", "::/129", "gg::/8",
        "localhost/8", "/8", "10.0.0.0/", "10.0.0.0/x", null)).noneMatch(SpecValidator::isCidr);
  }
}
