package io.gamepipe.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;

/** A real standalone ZooKeeper server (the one Kafka 3.9 ships with) in this JVM. */
public final class EmbeddedZooKeeper implements AutoCloseable {

    private static final int TICK_TIME_MS = 2000;
    private static final int MAX_CLIENT_CONNECTIONS = 200;

    private final ZooKeeperServer server;
    private final ServerCnxnFactory connections;

    private EmbeddedZooKeeper(ZooKeeperServer server, ServerCnxnFactory connections) {
        this.server = server;
        this.connections = connections;
    }

    /** Starts ZooKeeper on {@code port} (0 picks one) keeping snapshots and logs in {@code dataDir}. */
    public static EmbeddedZooKeeper start(int port, Path dataDir) {
        // The admin server is a Jetty app whose classes Kafka's ZooKeeper does not bring.
        System.setProperty("zookeeper.admin.enableServer", "false");
        try {
            Files.createDirectories(dataDir);
            ZooKeeperServer server = new ZooKeeperServer(dataDir.toFile(), dataDir.toFile(), TICK_TIME_MS);
            ServerCnxnFactory connections = ServerCnxnFactory.createFactory(
                    new InetSocketAddress("localhost", port), MAX_CLIENT_CONNECTIONS);
            connections.startup(server);
            return new EmbeddedZooKeeper(server, connections);
        } catch (IOException e) {
            throw new UncheckedIOException("ZooKeeper could not start on port " + port, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting ZooKeeper", e);
        }
    }

    public int port() {
        return connections.getLocalPort();
    }

    /** The connect string clients use, e.g. {@code localhost:2181}. */
    public String connectString() {
        return "localhost:" + port();
    }

    @Override
    public void close() {
        connections.shutdown();
        server.shutdown();
    }
}
