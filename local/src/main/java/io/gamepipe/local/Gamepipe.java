package io.gamepipe.local;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./gamepipe}: the whole pipeline on a laptop, with the real Apache components. */
@Command(name = "gamepipe", mixinStandardHelpOptions = true, versionProvider = Gamepipe.Version.class,
        description = {
                "Runs the game event pipeline on this machine with the real Apache components:",
                "ZooKeeper, Kafka, HDFS and the game API, each in its own JVM, and the Spark jobs against them.",
                "Start with: ./gamepipe demo"},
        subcommands = {
                DemoCommand.class, UpCommand.class, DownCommand.class, StatusCommand.class, LogsCommand.class,
                SubmitCommand.class, SqlCommand.class, FsCommand.class, EventsCommand.class, CommandLine.HelpCommand.class})
public final class Gamepipe implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: try ./gamepipe demo or ./gamepipe up");
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The CLI with its error handling: a {@link GamepipeException} prints its message only, with its exit code. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Gamepipe());
        // fs and submit pass everything after their first argument on: `fs -ls /tmp`, `submit extract --help`.
        for (String passThrough : List.of("fs", "submit")) {
            commandLine.getSubcommands().get(passThrough)
                    .setUnmatchedOptionsArePositionalParams(true)
                    .setStopAtPositional(true);
        }
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            if (exception instanceof GamepipeException gamepipe) {
                err.println("gamepipe: " + gamepipe.getMessage());
                err.flush();
                return gamepipe.exitCode();
            }
            err.println("gamepipe: unexpected error: " + exception);
            exception.printStackTrace(err);
            err.flush();
            return GamepipeException.FAILURE;
        });
        return commandLine;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"gamepipe " + Layout.version()};
        }
    }
}
