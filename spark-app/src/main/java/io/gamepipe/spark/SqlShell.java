package io.gamepipe.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Spark SQL over what the jobs wrote: every dataset under the output root is a table named after its folder
 * ({@code landed_events}, {@code item_purchases}, ...; folders starting with {@code _} or {@code .} are not datasets).
 * With a statement, runs it and prints the result; without one, an interactive prompt reads statements ending in
 * {@code ;}. Exit 0 ok, 2 for a statement Spark refuses (the one-line reason on stderr) or a bad option, 1 otherwise.
 */
@Command(name = "sql", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs Spark SQL over the datasets under the output root, each a table named after its folder.",
                "Without a statement: an interactive prompt (statements end with ';', 'exit' or Ctrl-D leaves).",
                "Exit codes: 0 success, 1 failure, 2 a statement Spark refuses or a bad option."})
public final class SqlShell implements Callable<Integer> {

    /** How the result is printed. */
    public enum Format { table, csv, json }

    @Option(names = "--output-root", paramLabel = "PATH", defaultValue = "/tmp",
            description = "Directory whose datasets become tables, on Hadoop's default file system (default: ${DEFAULT-VALUE}).")
    String outputRoot;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (like show(), at most --rows rows), csv (a header, then every row) or json (one object per row, every row); default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "20",
            description = "Rows a table shows at most (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "ERROR",
            description = "Spark's log level (default: ${DEFAULT-VALUE}).")
    String logLevel;

    @Parameters(paramLabel = "STATEMENT", arity = "0..*", description = "The statement; several words are joined by spaces.")
    List<String> statement = List.of();

    private final PrintStream out;
    private final PrintStream err;
    private final java.io.InputStream in;

    public SqlShell(PrintStream out, PrintStream err, java.io.InputStream in) {
        this.out = out;
        this.err = err;
        this.in = in;
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err, System.in);
        SparkSession.getDefaultSession().foreach(spark -> {
            spark.stop();
            return null;
        });
        System.exit(code);
    }

    /** Runs as {@code main} does, without exiting; the SparkSession is left running. */
    public static int run(String[] args, PrintStream out, PrintStream err, java.io.InputStream in) {
        CommandLine commandLine = new CommandLine(new SqlShell(out, err, in));
        commandLine.setOut(new java.io.PrintWriter(out, true)).setErr(new java.io.PrintWriter(err, true));
        commandLine.setParameterExceptionHandler((e, args2) -> {
            err.println("sql: " + e.getMessage());
            err.println("Run with --help for the options.");
            return SparkJob.BAD_ARGUMENTS;
        });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() throws IOException {
        if (rows < 1) {
            err.println("sql: --rows must be at least 1, got " + rows);
            return SparkJob.BAD_ARGUMENTS;
        }
        SparkSession spark = SparkSession.builder().appName("sql")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.session.timeZone", "UTC")
                .getOrCreate();
        spark.sparkContext().setLogLevel(logLevel.toUpperCase(Locale.ROOT));
        Map<String, String> tables;
        try {
            tables = OutputTables.register(spark, BatchEventsJob.trimSlash(outputRoot), err);
        } catch (Exception e) {
            err.println("sql FAILED: cannot list " + outputRoot + ": " + SparkJob.rootCause(e));
            return SparkJob.FAILED;
        }
        if (!statement.isEmpty()) {
            return execute(spark, String.join(" ", statement));
        }
        return prompt(spark, tables);
    }

    /** Runs one statement and prints its result; the exit code it deserves. */
    int execute(SparkSession spark, String sql) {
        try {
            Dataset<Row> result = spark.sql(sql);
            print(result);
            return SparkJob.OK;
        } catch (Exception e) { // Scala declares nothing: AnalysisException (checked in Java) comes through here
            if (e instanceof AnalysisException refused) {
                // Parse errors are AnalysisExceptions too: the first line says what is wrong and where.
                err.println("sql: " + firstLine(refused.getMessage()));
                return SparkJob.BAD_ARGUMENTS;
            }
            err.println("sql FAILED: " + SparkJob.rootCause(e));
            return SparkJob.FAILED;
        }
    }

    private void print(Dataset<Row> result) {
        switch (format) {
            case table -> out.print(result.showString(rows, 20, false));
            case csv -> {
                out.println(String.join(",", java.util.Arrays.stream(result.columns()).map(SqlShell::csvField).toList()));
                Iterator<Row> it = result.toLocalIterator();
                while (it.hasNext()) {
                    Row row = it.next();
                    StringBuilder line = new StringBuilder();
                    for (int i = 0; i < row.length(); i++) {
                        line.append(i == 0 ? "" : ",").append(row.isNullAt(i) ? "" : csvField(String.valueOf(row.get(i))));
                    }
                    out.println(line);
                }
            }
            case json -> result.toJSON().toLocalIterator().forEachRemaining(out::println);
        }
        out.flush();
    }

    /** RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled. */
    static String csvField(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }

    static String firstLine(String message) {
        return message == null ? "" : message.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    }

    /** Reads statements ending in ';' until 'exit', 'quit' or the end of input; a refused statement does not end it. */
    private int prompt(SparkSession spark, Map<String, String> tables) throws IOException {
        out.println("Tables: " + (tables.isEmpty() ? "(none under " + outputRoot + ")" : String.join(", ", tables.keySet())));
        out.println("Statements end with ';'. 'exit' or Ctrl-D leaves.");
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        StringBuilder pending = new StringBuilder();
        while (true) {
            out.print(pending.isEmpty() ? "sql> " : "   > ");
            out.flush();
            String line = reader.readLine();
            if (line == null) {
                out.println();
                return SparkJob.OK;
            }
            String trimmed = line.strip();
            if (pending.isEmpty() && List.of("exit", "quit", "exit;", "quit;").contains(trimmed.toLowerCase(Locale.ROOT))) {
                return SparkJob.OK;
            }
            pending.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = pending.toString().strip();
                pending.setLength(0);
                execute(spark, sql.substring(0, sql.length() - 1));
            }
        }
    }

    /** The datasets under the output root, registered as temporary views. */
    static final class OutputTables {
        private OutputTables() {
        }

        /** Registers every dataset folder as a view named after it; returns name → path. Folders it cannot read are named on {@code err}. */
        static Map<String, String> register(SparkSession spark, String root, PrintStream err) throws Exception {
            Path rootPath = new Path(root);
            FileSystem fs = rootPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
            Map<String, String> tables = new java.util.TreeMap<>();
            if (!fs.exists(rootPath)) {
                return tables;
            }
            for (FileStatus child : fs.listStatus(rootPath)) {
                String name = child.getPath().getName();
                if (!child.isDirectory() || name.startsWith("_") || name.startsWith(".")) {
                    continue;
                }
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    err.println("(skipped " + child.getPath() + ": '" + name + "' is not a table name)");
                    continue;
                }
                try {
                    spark.read().parquet(child.getPath().toString()).createOrReplaceTempView(name);
                    tables.put(name, child.getPath().toString());
                } catch (Exception e) {
                    if (!(e instanceof AnalysisException)) {
                        throw e;
                    }
                    // e.g. land's quarantine before its first malformed record: a folder with no Parquet file yet
                    err.println("(no table " + name + ": " + child.getPath() + " holds no Parquet files yet)");
                }
            }
            return tables;
        }
    }
}
