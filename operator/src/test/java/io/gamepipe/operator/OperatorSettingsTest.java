package io.gamepipe.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {
  @Test
  void defaultsWatchAllNamespacesWithoutLeaderElectionButWithServerSideApply() {
    var settings = OperatorSettings.fromEnvironment(Map.of());
    assertThat(settings.namespaces()).isEmpty();
    assertThat(settings.leaderElection()).isFalse();
    assertThat(settings.exitOnLeadershipLoss()).isTrue();
    assertThat(settings.healthPort()).isEqualTo(8080);
    assertThat(settings.serverSideApply()).isTrue();
  }

  @Test
  void environmentChoosesNamespacesLeaseAndPort() {
    var settings = OperatorSettings.fromEnvironment(Map.of("WATCH_NAMESPACES", " games, staging ,",
        "LEADER_ELECTION_ENABLED", "true", "LEADER_ELECTION_NAMESPACE", "ops", "LEADER_ELECTION_LEASE_NAME", "gp",
        "HEALTH_PORT", "9000"));
    assertThat(settings.namespaces()).containsExactly("games", "staging");
    assertThat(settings.leaderElection()).isTrue();
    assertThat(settings.leaseNamespace()).isEqualTo("ops");
    assertThat(settings.leaseName()).isEqualTo("gp");
    assertThat(settings.healthPort()).isEqualTo(9000);
    assertThat(OperatorSettings.fromEnvironment(Map.of("WATCH_NAMESPACES", "JOSDK_WATCH_CURRENT")).namespaces())
        .containsExactly(OperatorSettings.WATCH_CURRENT);
  }
}
