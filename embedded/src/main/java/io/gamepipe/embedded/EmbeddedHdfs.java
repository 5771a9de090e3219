package io.gamepipe.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A real HDFS (one NameNode, N DataNodes) in this JVM, on fixed or free ports. The NameNode is
 * formatted only on the first start in a data directory; later starts keep every file.
 */
public final class EmbeddedHdfs implements AutoCloseable {

    private static final String FORMATTED_MARKER = "gamepipe-hdfs-formatted";
    /** The NameNode's hard lease limit when none is configured (Hadoop 3.3's default, 20 minutes). */
    private static final String LEASE_HARD_LIMIT_SECONDS = "dfs.namenode.lease-hard-limit-sec";
    private static final long DEFAULT_LEASE_HARD_LIMIT_SECONDS = 1200;
    /**
     * An HDFS client renews its leases every half of this RPC timeout when it is set (and at most
     * every 30 s otherwise): see {@code LeaseRenewer.addClient} and {@code DfsClientConf} in Hadoop 3.3.
     */
    private static final String RPC_TIMEOUT_MILLIS = "ipc.client.rpc-timeout.ms";

    private final Path dataDir;
    private final int nameNodePort;
    private final int httpPort;
    private final int dataNodes;
    private final Duration leaseSoftLimit;
    private MiniDFSCluster cluster;

    private EmbeddedHdfs(Builder b) {
        this.dataDir = b.dataDir;
        this.nameNodePort = b.nameNodePort;
        this.httpPort = b.httpPort;
        this.dataNodes = b.dataNodes;
        this.leaseSoftLimit = b.leaseSoftLimit;
    }

    public static Builder builder() {
        return new Builder();
    }

    public synchronized EmbeddedHdfs start() {
        if (cluster != null) {
            throw new IllegalStateException("HDFS is already running at " + uri());
        }
        // Our own marker, written after the first successful start: never format twice.
        Path formattedMarker = dataDir.resolve(FORMATTED_MARKER);
        boolean firstStart = !Files.exists(formattedMarker);
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dataDir.toAbsolutePath().toString());
        conf.setInt("dfs.replication", 1);
        conf.set("dfs.namenode.rpc-bind-host", "0.0.0.0");
        conf.setBoolean("dfs.permissions.enabled", false);
        // Keep heartbeats quick so that a fresh DataNode is usable within a second or two.
        conf.setLong("dfs.heartbeat.interval", 1);
        // For this JVM's own clients (Hadoop caches one per file system and user, so in-process
        // Spark uses it too): a close that races the DataNode's block report asks the NameNode
        // again after 50 ms rather than the default 400 ms, with the same total patience.
        conf.setInt("dfs.client.block.write.locateFollowingBlock.initial.delay.ms", 50);
        conf.setInt("dfs.client.block.write.locateFollowingBlock.retries", 8);
        clientSettings().forEach(conf::set);
        try {
            cluster = new MiniDFSCluster.Builder(conf)
                    .nameNodePort(nameNodePort)
                    .nameNodeHttpPort(httpPort)
                    .numDataNodes(dataNodes)
                    .format(firstStart)
                    .build();
            cluster.waitActive();
            if (leaseSoftLimit != null) {
                long hardLimitMillis = 1000 * conf.getLong(LEASE_HARD_LIMIT_SECONDS, DEFAULT_LEASE_HARD_LIMIT_SECONDS);
                cluster.setLeasePeriod(leaseSoftLimit.toMillis(), Math.max(hardLimitMillis, leaseSoftLimit.toMillis()));
            }
            if (firstStart) {
                // Like a fresh Hadoop install: a world-writable /tmp, where the original's jobs wrote.
                FileSystem fs = cluster.getFileSystem();
                org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path("/tmp");
                fs.mkdirs(tmp);
                fs.setPermission(tmp, new FsPermission((short) 01777));
                Files.writeString(formattedMarker, "formatted by gamepipe; delete the whole directory to start afresh\n");
            }
        } catch (IOException e) {
            cluster = null;
            throw new UncheckedIOException("HDFS could not start in " + dataDir, e);
        }
        return this;
    }

    public synchronized void stop() {
        if (cluster != null) {
            cluster.shutdown(false, false);
            cluster = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized boolean isRunning() {
        return cluster != null;
    }

    /** The file system URI, e.g. {@code hdfs://localhost:8020}. */
    public String uri() {
        return "hdfs://localhost:" + requireRunning().getNameNodePort();
    }

    public int nameNodePort() {
        return requireRunning().getNameNodePort();
    }

    /** The NameNode's web UI port (9870 on a stock Hadoop 3). */
    public int httpPort() {
        return requireRunning().getNameNode().getHttpAddress().getPort();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** A client configuration pointing at this HDFS ({@code fs.defaultFS} set, and {@link #clientSettings()}). */
    public Configuration clientConfiguration() {
        Configuration conf = new Configuration();
        conf.set("fs.defaultFS", uri());
        clientSettings().forEach(conf::set);
        return conf;
    }

    /**
     * The Hadoop settings every client of this HDFS needs, in this JVM or another (through Spark,
     * as {@code spark.hadoop.*}): with a shorter lease soft limit, a renewal every quarter of it, so
     * that a live writer keeps its files while a dead one's are free a soft limit after its death.
     */
    public Map<String, String> clientSettings() {
        if (leaseSoftLimit == null) {
            return Map.of();
        }
        // Renewals come every half of the RPC timeout: a quarter of the soft limit.
        return Map.of(RPC_TIMEOUT_MILLIS, Long.toString(leaseSoftLimit.toMillis() / 2));
    }

    /** How long after its holder's last renewal a file's lease may be taken over (HDFS's default: 60 s). */
    public Duration leaseSoftLimit() {
        return leaseSoftLimit != null ? leaseSoftLimit : Duration.ofSeconds(60);
    }

    /** A new client for this HDFS; close it when done. */
    public FileSystem newClient() {
        try {
            return FileSystem.newInstance(URI.create(uri()), clientConfiguration());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private MiniDFSCluster requireRunning() {
        MiniDFSCluster c = cluster;
        if (c == null) {
            throw new IllegalStateException("HDFS is not running");
        }
        return c;
    }

    public static final class Builder {
        private Path dataDir;
        private int nameNodePort;
        private int httpPort;
        private int dataNodes = 1;
        private Duration leaseSoftLimit;

        /** Where the NameNode and DataNodes keep their files; a temporary directory by default. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** The NameNode RPC port (8020 on a stock Hadoop); 0 (the default) picks a free one. */
        public Builder nameNodePort(int port) {
            this.nameNodePort = port;
            return this;
        }

        /** The NameNode web UI port (9870 on a stock Hadoop 3); 0 (the default) picks a free one. */
        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        public Builder dataNodes(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("HDFS needs at least one DataNode, got " + count);
            }
            this.dataNodes = count;
            return this;
        }

        /**
         * A lease soft limit shorter than HDFS's 60 s, for tests that wait for a dead writer's lease:
         * the NameNode lets another client take a file over this long after its writer's last
         * renewal, and {@link #clientSettings()} makes clients renew four times as often.
         */
        public Builder leaseSoftLimit(Duration softLimit) {
            if (softLimit.toMillis() < 4_000) {
                throw new IllegalArgumentException("a lease soft limit under 4 s leaves a live writer no margin, got " + softLimit);
            }
            this.leaseSoftLimit = softLimit;
            return this;
        }

        public EmbeddedHdfs build() {
            if (dataDir == null) {
                try {
                    dataDir = Files.createTempDirectory("gamepipe-hdfs");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return new EmbeddedHdfs(this);
        }
    }
}
