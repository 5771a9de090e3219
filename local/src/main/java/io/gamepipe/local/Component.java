package io.gamepipe.local;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The long-running parts of a local cluster, each in its own JVM with its own log file. */
enum Component {
    ZOOKEEPER("zookeeper", "ZooKeeper"),
    KAFKA("kafka", "Kafka"),
    HDFS("hdfs", "HDFS"),
    API("api", "game API");

    private final String id;
    private final String title;

    Component(String id, String title) {
        this.id = id;
        this.title = title;
    }

    /** The name used on the command line, in the state file and for the log file. */
    String id() {
        return id;
    }

    String title() {
        return title;
    }

    static Component byId(String id) {
        String wanted = id.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(c -> c.id.equals(wanted)).findFirst()
                .orElseThrow(() -> new GamepipeException(GamepipeException.USAGE,
                        "unknown component '" + id + "': expected one of " + ids()));
    }

    static String ids() {
        return Arrays.stream(values()).map(Component::id).collect(Collectors.joining(", "));
    }
}
