package io.gamepipe.local;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code up}: starts the cluster and stays up until Ctrl-C (or, with -d, in the background until {@code down}). */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Starts ZooKeeper (zookeeper mode), Kafka with topic 'events', HDFS and the game API; prints every endpoint.",
                "Stays up until Ctrl-C, then stops everything cleanly. With -d it runs in the background until ./gamepipe down.",
                "A component that exits is restarted (same ports and data) after a back-off of --restart-backoff seconds, "
                        + "doubling up to --restart-backoff-max; the others keep running. Past --restart-limit restarts within "
                        + "--restart-window it stays down (./gamepipe status says why), and a foreground up then exits 1 when stopped."})
final class UpCommand implements Callable<Integer> {

    @Mixin
    HomeOption homeOption;

    @Mixin
    ClusterOptions options;

    @Option(names = {"-d", "--detach"}, description = "Run in the background; stop with ./gamepipe down.")
    boolean detach;

    /** Set on the supervisor that {@code up -d} starts in the background. */
    @Option(names = "--supervise-detached", hidden = true)
    boolean detachedSupervisor;

    private final PrintStream out = System.out;

    @Override
    public Integer call() {
        Layout layout = Layout.detect();
        Home home = homeOption.home(layout);
        Supervisor.preflight(home, layout, options);
        if (detach) {
            return startDetached(layout, home.create());
        }
        Supervisor supervisor = new Supervisor(home, layout, options, out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            supervisor.stop();
            ClusterState.delete(home);
            int exitCode = supervisor.exitCode();
            if (exitCode != 0) {
                // Stopped by Ctrl-C, SIGTERM or down while a component stayed down: say so in the exit status.
                out.flush();
                Runtime.getRuntime().halt(exitCode);
            }
        }, "gamepipe-down"));
        out.println("Starting gamepipe (data in " + home.dir() + ")");
        supervisor.start();
        out.println("gamepipe is up:");
        Endpoints.print(supervisor.state(), home, out);
        out.println("If something dies: " + options.restartPolicy().describe() + ".");
        out.println(detachedSupervisor ? "Running in the background: stop with ./gamepipe down"
                : "Press Ctrl-C to stop everything (data is kept).");
        out.flush();
        return supervisor.watchUntilStopped();
    }

    /** Re-runs {@code up} as a background supervisor in its own session, relaying its progress until it is up. */
    private int startDetached(Layout layout, Home home) {
        List<String> command = new ArrayList<>(List.of(Layout.javaBinary(), "-Dgamepipe.component=supervisor",
                "-Dgamepipe.root=" + layout.root(), "-Xmx96m", "-XX:+UseSerialGC", "-cp", Layout.ownClassPath(), Gamepipe.class.getName(),
                "up", "--supervise-detached", "--home", home.dir().toString()));
        command.addAll(options.toArgs());
        Process supervisor = Supervisor.launch(command, java.util.Map.of(), home.rotateLog("supervisor"));
        LogTail progress = new LogTail(home.log("supervisor"));
        while (true) {
            progress.newLines().forEach(out::println);
            out.flush();
            boolean up = ClusterState.read(home)
                    .filter(state -> state.supervisorPid() == supervisor.pid() && state.isRunning())
                    .isPresent();
            if (up) {
                Supervisor.sleep(100);
                progress.newLines().forEach(out::println);
                return 0;
            }
            if (!supervisor.isAlive()) {
                Supervisor.sleep(100);
                progress.newLines().forEach(out::println);
                throw new GamepipeException("gamepipe did not start (see above; full log: " + home.log("supervisor") + ")");
            }
            Supervisor.sleep(200);
        }
    }
}
