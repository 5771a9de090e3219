package io.gamepipe.local;

import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code down}: stops the cluster of a data directory, keeping its data. */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stops every component (the data stays in the data directory for the next up).")
final class DownCommand implements Callable<Integer> {

    @Mixin
    HomeOption homeOption;

    private final PrintStream out = System.out;

    @Override
    public Integer call() {
        Home home = homeOption.home(Layout.detect());
        Optional<ClusterState> recorded = ClusterState.read(home);
        if (recorded.isEmpty()) {
            out.println("gamepipe is not running (data directory " + home.dir() + "): nothing to stop.");
            return 0;
        }
        ClusterState state = recorded.get();
        if (state.supervisorAlive()) {
            out.println("Stopping gamepipe (supervisor pid " + state.supervisorPid() + ") ...");
            out.flush();
            ProcessHandle supervisor = ProcessHandle.of(state.supervisorPid()).orElseThrow();
            supervisor.destroy();
            awaitExit(supervisor, 120);
        }
        // Whatever a dead supervisor left behind.
        for (Map.Entry<Component, Long> entry : state.componentPids().entrySet()) {
            if (ClusterState.isGamepipeProcess(entry.getValue())) {
                ProcessHandle process = ProcessHandle.of(entry.getValue()).orElseThrow();
                out.println("  stopping " + entry.getKey().title() + " (pid " + entry.getValue() + ")");
                process.destroy();
                awaitExit(process, 30);
            }
        }
        ClusterState.delete(home);
        out.println("gamepipe is down; data kept in " + home.dir());
        return 0;
    }

    private void awaitExit(ProcessHandle process, int seconds) {
        try {
            process.onExit().get(seconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            out.println("  pid " + process.pid() + " did not stop within " + seconds + " s: killing it");
            process.destroyForcibly();
        }
    }
}
