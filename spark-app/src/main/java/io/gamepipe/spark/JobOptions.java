package io.gamepipe.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The command line of a job: {@code --name value} or {@code --name=value} options, each with a
 * default. An option not given on the command line is looked up in the Spark conf as
 * {@code spark.gamepipe.<name>} (so {@code spark-submit --conf} and a SparkApplication's
 * {@code sparkConf} can set it), then falls back to its default. A default may refer to another
 * option as {@code {output-root}}.
 */
public final class JobOptions {

    /** One option: {@code --name LABEL}, its default (null: none) and a one-line description. */
    public record Option(String name, String label, String defaultValue, String description) {
    }

    /** The prefix of the Spark conf keys that can set an option. */
    public static final String CONF_PREFIX = "spark.gamepipe.";

    public static final Option BOOTSTRAP_SERVERS = new Option("bootstrap-servers", "HOST:PORT[,HOST:PORT...]",
            "localhost:9092", "Kafka brokers to read from.");
    public static final Option TOPIC = new Option("topic", "NAME", "events", "Topic holding the events.");
    public static final Option OUTPUT_ROOT = new Option("output-root", "PATH", "/tmp",
            "Directory the datasets go under, on Hadoop's default file system (spark.hadoop.fs.defaultFS).");
    public static final Option MIN_PARTITIONS = new Option("min-partitions", "N", "0",
            "Spark tasks to split the topic into at least; 0 means Spark's default parallelism.");
    public static final Option KAFKA_TIMEOUT = new Option("kafka-timeout", "SECONDS", "60",
            "How long to wait for a Kafka broker to answer before failing (exit 1).");
    public static final Option LOG_LEVEL = new Option("log-level", "LEVEL", "WARN",
            "Spark's log level (ERROR, WARN, INFO, DEBUG).");

    /** The options every job takes. */
    public static final List<Option> COMMON = List.of(BOOTSTRAP_SERVERS, TOPIC, OUTPUT_ROOT, MIN_PARTITIONS, KAFKA_TIMEOUT, LOG_LEVEL);

    private final Map<String, String> values;
    private final boolean helpRequested;

    private JobOptions(Map<String, String> values, boolean helpRequested) {
        this.values = values;
        this.helpRequested = helpRequested;
    }

    /**
     * Parses {@code args} against {@code options}.
     *
     * @param sparkConf looks up a Spark conf key; empty when it is not set
     */
    public static JobOptions parse(List<Option> options, String[] args, Function<String, Optional<String>> sparkConf)
            throws UsageException {
        Map<String, Option> byName = new LinkedHashMap<>();
        options.forEach(o -> byName.put(o.name(), o));
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return new JobOptions(Map.of(), true);
            }
            if (arg.equals("--")) {
                // The usual end-of-options mark (e.g. ./gamepipe submit land -- --checkpoint ...);
                // the jobs take no other arguments, so it changes nothing.
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "' (options start with --)");
            }
            String name = arg.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (!byName.containsKey(name)) {
                throw new UsageException("unknown option --" + name);
            }
            if (value == null) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new UsageException("option --" + name + " needs a value: --" + name + " " + byName.get(name).label());
                }
                value = args[++i];
            }
            if (value.isBlank()) {
                throw new UsageException("option --" + name + " must not be empty");
            }
            given.put(name, value);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Option option : options) {
            String value = given.get(option.name());
            if (value == null) {
                value = sparkConf.apply(CONF_PREFIX + option.name()).orElse(option.defaultValue());
            }
            if (value != null) {
                values.put(option.name(), value);
            }
        }
        return new JobOptions(resolveReferences(values), false);
    }

    /** Replaces {@code {name}} in values by that option's value (one level, enough for paths under the output root). */
    private static Map<String, String> resolveReferences(Map<String, String> values) {
        Map<String, String> resolved = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            String result = value;
            for (Map.Entry<String, String> other : values.entrySet()) {
                result = result.replace("{" + other.getKey() + "}", other.getValue());
            }
            resolved.put(name, result);
        });
        return resolved;
    }

    public boolean helpRequested() {
        return helpRequested;
    }

    public String get(Option option) {
        String value = values.get(option.name());
        if (value == null) {
            throw new IllegalArgumentException("option --" + option.name() + " has no value and no default");
        }
        return value;
    }

    /** The value as a whole number of at least {@code min}. */
    public long getLong(Option option, long min) throws UsageException {
        String value = get(option);
        long number;
        try {
            number = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + option.name() + " must be a whole number, got '" + value + "'");
        }
        if (number < min) {
            throw new UsageException("option --" + option.name() + " must be at least " + min + ", got " + number);
        }
        return number;
    }

    /** The value, which must be one of {@code allowed} (any case); returned in upper case. */
    public String getChoice(Option option, List<String> allowed) throws UsageException {
        String value = get(option).trim().toUpperCase(java.util.Locale.ROOT);
        if (!allowed.contains(value)) {
            throw new UsageException("option --" + option.name() + " must be one of " + allowed + ", got '" + get(option) + "'");
        }
        return value;
    }

    /** The usage text: a line per option with its default. */
    public static String usage(String mainClass, String description, List<Option> options) {
        List<String> lines = new ArrayList<>();
        lines.add("Usage: spark-submit --class " + mainClass + " spark-app.jar [OPTIONS]");
        lines.add("   or: java <java17 opens> -Dspark.master=local[*] -cp 'spark-app.jar:lib/*' " + mainClass + " [OPTIONS]");
        lines.add("");
        lines.add(description);
        lines.add("");
        lines.add("Options (each may also be set as Spark conf " + CONF_PREFIX + "<option>):");
        for (Option option : options) {
            lines.add(String.format("  --%-26s %s", option.name() + " " + option.label(), option.description()));
            if (option.defaultValue() != null) {
                lines.add(String.format("  %-28s (default: %s)", "", option.defaultValue()));
            }
        }
        lines.add(String.format("  --%-26s %s", "help", "Print this help and exit."));
        lines.add("");
        lines.add("Exit codes: 0 success, 1 failure, 2 bad arguments.");
        return String.join(System.lineSeparator(), lines);
    }
}
