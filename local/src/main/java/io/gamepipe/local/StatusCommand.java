package io.gamepipe.local;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code status}: whether the cluster runs, each component's pid and liveness, the endpoints. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows whether gamepipe is running, each component's process, and the endpoints. Exit status 3 when not running.")
final class StatusCommand implements Callable<Integer> {

    static final int NOT_RUNNING = 3;

    @Mixin
    HomeOption homeOption;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        Home home = homeOption.home(Layout.detect());
        Optional<ClusterState> recorded = ClusterState.read(home);
        Optional<ClusterState> state = recorded.filter(ClusterState::supervisorAlive);
        if (state.isEmpty()) {
            out.println("gamepipe is not running (data directory " + home.dir() + ").");
            recorded.ifPresent(stale -> stale.componentPids().forEach((component, pid) -> {
                if (ClusterState.isGamepipeProcess(pid)) {
                    out.println("  but " + component.title() + " (pid " + pid + ") was left running without its supervisor: ./gamepipe down stops it");
                }
            }));
            Path lastFailure = home.data("last-failure.txt");
            if (Files.isRegularFile(lastFailure)) {
                out.println("It last stopped because: " + Files.readString(lastFailure).strip());
            }
            return NOT_RUNNING;
        }
        ClusterState running = state.get();
        out.println("gamepipe is " + (running.isRunning() ? "running" : "starting") + " (supervisor pid "
                + running.supervisorPid() + ", since " + running.get("started") + ")");
        running.componentPids().forEach((component, pid) -> out.printf("  %-10s pid %-8d %s%n", component.id(), pid,
                ClusterState.isGamepipeProcess(pid) ? "alive" : "NOT RUNNING"));
        Endpoints.print(running, home, out);
        return 0;
    }
}
