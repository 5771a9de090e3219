package io.gamepipe.embedded;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs a real HDFS NameNode with its DataNodes in this JVM until it is stopped (SIGTERM or Ctrl-C). */
@Command(name = "hdfs", mixinStandardHelpOptions = true,
        description = "Runs an HDFS NameNode and DataNodes until stopped; prints 'READY hdfs://localhost:<port>' once it serves.")
public final class HdfsMain implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8020", description = "NameNode RPC port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--http-port", defaultValue = "9870", description = "NameNode web UI port (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--datanodes", defaultValue = "1", description = "Number of DataNodes (default: ${DEFAULT-VALUE}).")
    int dataNodes;

    @Option(names = "--data-dir", required = true,
            description = "Directory for NameNode metadata and DataNode blocks; formatted on first use only.")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        EmbeddedHdfs hdfs = EmbeddedHdfs.builder()
                .nameNodePort(port).httpPort(httpPort).dataNodes(dataNodes).dataDir(dataDir).build().start();
        return ServiceRunner.serveUntilStopped(hdfs.uri(), hdfs);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new HdfsMain()).execute(args));
    }
}
