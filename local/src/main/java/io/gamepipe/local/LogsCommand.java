package io.gamepipe.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code logs COMPONENT}: prints (or follows) a component's log file. */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = {"Prints a component's log: zookeeper, kafka, hdfs, api, or supervisor (the background up's own log).",
                "A component restarted after a crash continues the same file below a '===== gamepipe: ... exited' line; "
                        + "the previous up's log is NAME.log.1 in the logs directory."})
final class LogsCommand implements Callable<Integer> {

    static final String SUPERVISOR = "supervisor";

    @Mixin
    HomeOption homeOption;

    @Parameters(paramLabel = "COMPONENT", description = "zookeeper, kafka, hdfs, api or supervisor.")
    String component;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until Ctrl-C.")
    boolean follow;

    @Option(names = {"-n", "--lines"}, paramLabel = "N", description = "Only the last N lines.")
    Integer lines;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws IOException {
        String name = SUPERVISOR.equals(component) ? SUPERVISOR : Component.byId(component).id();
        Home home = homeOption.home(Layout.detect());
        Path log = home.log(name);
        if (!Files.isRegularFile(log)) {
            throw new GamepipeException("no log for " + name + " yet: " + log + " does not exist (has ./gamepipe up run with this data directory?)");
        }
        LogTail tail = new LogTail(log);
        List<String> existing = tail.newLines();
        existing.subList(lines == null ? 0 : Math.max(0, existing.size() - lines), existing.size()).forEach(out::println);
        while (follow) {
            out.flush();
            Supervisor.sleep(300);
            tail.newLines().forEach(out::println);
        }
        return 0;
    }
}
