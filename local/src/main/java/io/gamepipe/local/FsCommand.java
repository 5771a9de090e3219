package io.gamepipe.local;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FsShell;
import org.apache.hadoop.util.ToolRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fs ...}: Hadoop's own file system shell ({@code hadoop fs}) against the running HDFS. */
@Command(name = "fs",
        description = {"The real HDFS shell (hadoop fs) on the running HDFS. For example:",
                "  ./gamepipe fs -ls /tmp", "  ./gamepipe fs -cat /tmp/file", "  ./gamepipe fs -du -h /tmp",
                "  ./gamepipe fs -get /tmp/extracted_events .", "Run ./gamepipe fs -help for every command."})
final class FsCommand implements Callable<Integer> {

    @Mixin
    HomeOption homeOption;

    // Only the long form: -h and -help belong to the HDFS shell (fs -help, fs -du -h).
    @Option(names = "--help", usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Parameters(paramLabel = "ARGS", arity = "1..*", description = "Arguments of hadoop fs, e.g. -ls /tmp.")
    List<String> args;

    @Override
    public Integer call() throws Exception {
        ClusterState state = ClusterState.requireRunning(homeOption.home(Layout.detect()));
        return runShell(state.hdfsUri(), args.toArray(String[]::new));
    }

    static int runShell(String hdfsUri, String... args) throws Exception {
        Configuration conf = new Configuration();
        conf.set("fs.defaultFS", hdfsUri);
        return ToolRunner.run(conf, new FsShell(conf), args);
    }
}
