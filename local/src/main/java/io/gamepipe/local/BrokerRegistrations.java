package io.gamepipe.local;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

/**
 * In ZooKeeper mode a broker registers itself as an ephemeral node under {@code /brokers/ids},
 * owned by its ZooKeeper session. A broker killed with -9 leaves its node behind until ZooKeeper
 * ends its session (Kafka's {@code zookeeper.session.timeout.ms}, 18 s); a new broker with the same
 * id started before that fails ("node already exists"). So a restart waits until the node is gone.
 */
final class BrokerRegistrations {

    static final String PATH = "/brokers/ids";

    private BrokerRegistrations() {
    }

    /**
     * Waits until no broker is registered in the ZooKeeper at {@code connect} (this cluster has one
     * broker, so any registration is the dead one's), or {@code timeout} passes, or {@code stopping}
     * says to give up. Returns whether the registrations are gone.
     */
    static boolean awaitNone(String connect, Duration timeout, BooleanSupplier stopping) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ZooKeeper zk = null;
        try {
            zk = new ZooKeeper(connect, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()), event -> { });
            while (System.nanoTime() < deadline && !stopping.getAsBoolean()) {
                try {
                    List<String> brokers = zk.exists(PATH, false) == null ? List.of() : zk.getChildren(PATH, false);
                    if (brokers.isEmpty()) {
                        return true;
                    }
                } catch (KeeperException e) {
                    // Not connected yet, or ZooKeeper restarting: ask again.
                }
                Supervisor.sleep(250);
            }
            return false;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            if (zk != null) {
                try {
                    zk.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
