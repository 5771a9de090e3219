package io.gamepipe.embedded;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs a real ZooKeeper server in this JVM until it is stopped (SIGTERM or Ctrl-C). */
@Command(name = "zookeeper", mixinStandardHelpOptions = true,
        description = "Runs a standalone ZooKeeper server until stopped; prints 'READY localhost:<port>' once it serves.")
public final class ZooKeeperMain implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "2181", description = "Client port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", required = true, description = "Directory for snapshots and transaction logs.")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        EmbeddedZooKeeper zooKeeper = EmbeddedZooKeeper.start(port, dataDir);
        return ServiceRunner.serveUntilStopped(zooKeeper.connectString(), zooKeeper);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ZooKeeperMain()).execute(args));
    }
}
