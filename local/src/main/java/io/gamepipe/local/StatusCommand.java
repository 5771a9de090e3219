package io.gamepipe.local;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code status}: whether the cluster runs, each component's pid, health, restarts and last exit, the endpoints. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows whether gamepipe is running; each component's process, state (alive, restarting, DOWN), "
                        + "restarts and last exit; and the endpoints.",
                "Exit status 0 when running, 1 when a component stays down (past --restart-limit), 3 when not running."})
final class StatusCommand implements Callable<Integer> {

    static final int NOT_RUNNING = 3;
    /** Running, but a component exited more often than the restart limit allows and stays down. */
    static final int COMPONENT_DOWN = 1;

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
        boolean anyDown = false;
        for (Map.Entry<Component, Long> entry : running.componentPids().entrySet()) {
            Component component = entry.getKey();
            ClusterState.Health health = running.health(component);
            String shown = switch (health.phase()) {
                case RUNNING -> ClusterState.isGamepipeProcess(entry.getValue()) ? "alive" : "NOT RUNNING";
                case RESTARTING -> "restarting";
                case DOWN -> "DOWN";
            };
            anyDown |= health.phase() == ClusterState.Health.Phase.DOWN;
            out.printf("  %-10s pid %-8d %-11s restarts=%d%s%n", component.id(), entry.getValue(), shown, health.restarts(),
                    health.lastExit().isEmpty() ? "" : "   last exit: " + health.lastExit());
            if (!health.detail().isEmpty()) {
                out.printf("  %-10s %s%n", "", health.detail());
            }
        }
        Endpoints.print(running, home, out);
        if (running.isRunning()) {
            // The jobs' default output root; the figures the operator shows in a GamePipeline's status.
            Freshness.lines(running, "/tmp", Instant.now()).forEach(line -> out.printf("  %-12s %s%n", "landing", line));
        }
        return anyDown ? COMPONENT_DOWN : 0;
    }
}
