package io.gamepipe.local;

import java.io.PrintStream;

/** Prints where everything of a running cluster is, the way `up` and `status` show it. */
final class Endpoints {

    private Endpoints() {
    }

    static void print(ClusterState state, Home home, PrintStream out) {
        String mode = "zookeeper".equals(state.get("kafka.mode")) ? "ZooKeeper mode" : "KRaft mode";
        row(out, "Kafka", state.bootstrapServers() + "   (topic " + state.topic() + ", " + mode + ")");
        if (state.get("zookeeper.connect") != null) {
            row(out, "ZooKeeper", state.get("zookeeper.connect"));
        }
        row(out, "HDFS", state.hdfsUri());
        row(out, "HDFS web UI", state.get("hdfs.web"));
        if (state.get("api.url") != null) {
            row(out, "game API", state.get("api.url"));
            row(out, "API health", state.get("api.health"));
        }
        row(out, "data", home.dir().toString());
        row(out, "logs", home.logs() + "/   (./gamepipe logs COMPONENT)");
        out.flush();
    }

    private static void row(PrintStream out, String name, String value) {
        out.printf("  %-12s %s%n", name, value);
    }
}
