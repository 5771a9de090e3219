package io.gamepipe.spark;

import io.gamepipe.events.EventTopic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The command line of a job, parsed by picocli: {@code --name value} or {@code --name=value}
 * options, each with a default; the last one given wins; a bare {@code --} is ignored (the jobs
 * take no other arguments). An option not given on the command line is looked up in the Spark conf
 * as {@code spark.gamepipe.<name>} (so {@code spark-submit --conf} and a SparkApplication's
 * {@code sparkConf} can set it; picocli's default-value provider), then falls back to its default.
 * A default may refer to another option as {@code {output-root}}.
 */
public final class JobOptions {

    /** One option: {@code --name LABEL}, its default (null: none) and a one-line description. */
    public record Option(String name, String label, String defaultValue, String description) {
    }

    /** The prefix of the Spark conf keys that can set an option. */
    public static final String CONF_PREFIX = "spark.gamepipe.";

    public static final Option BOOTSTRAP_SERVERS = new Option("bootstrap-servers", "HOST:PORT[,HOST:PORT...]",
            "localhost:9092", "Kafka brokers to read from.");
    public static final Option TOPIC = new Option("topic", "NAME", EventTopic.DEFAULT_NAME, "Topic holding the events.");
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

    private static final String END_OF_OPTIONS = "--";

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
        CommandLine commandLine = commandLine("job", "", options, sparkConf);
        // The usual end-of-options mark (e.g. ./gamepipe submit land -- --checkpoint ...): the
        // jobs take no other arguments, so it changes nothing wherever it stands.
        String[] withoutMarks = java.util.Arrays.stream(args).filter(a -> !a.equals(END_OF_OPTIONS)).toArray(String[]::new);
        CommandLine.ParseResult parsed;
        try {
            parsed = commandLine.parseArgs(withoutMarks);
        } catch (CommandLine.UnmatchedArgumentException e) {
            String first = e.getUnmatched().get(0);
            throw new UsageException(first.startsWith("-")
                    ? "unknown option " + first.split("=", 2)[0]
                    : "unexpected argument '" + first + "' (options start with --)");
        } catch (CommandLine.MissingParameterException e) {
            OptionSpec option = (OptionSpec) e.getMissing().get(0);
            throw new UsageException("option " + option.longestName() + " needs a value: " + option.longestName() + " "
                    + option.paramLabel());
        } catch (ParameterException e) {
            throw new UsageException(e.getMessage());
        }
        if (parsed.isUsageHelpRequested()) {
            return new JobOptions(Map.of(), true);
        }
        for (OptionSpec given : parsed.matchedOptions()) {
            if (given.getValue() instanceof String value && value.isBlank()) {
                throw new UsageException("option " + given.longestName() + " must not be empty");
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Option option : options) {
            String value = commandLine.getCommandSpec().findOption(option.name()).getValue();
            if (value != null) {
                values.put(option.name(), value);
            }
        }
        return new JobOptions(resolveReferences(values), false);
    }

    /**
     * The job's command as picocli sees it: one string option per {@link Option}, {@code --help},
     * and the Spark conf as the default-value provider (an argument wins over it, it wins over the
     * option's default).
     */
    private static CommandLine commandLine(String mainClass, String description, List<Option> options,
            Function<String, Optional<String>> sparkConf) {
        CommandSpec spec = CommandSpec.create().name(mainClass);
        for (Option option : options) {
            spec.addOption(OptionSpec.builder("--" + option.name())
                    .type(String.class)
                    .paramLabel(option.label())
                    .defaultValue(option.defaultValue())
                    .description(option.defaultValue() == null ? new String[] {option.description()}
                            : new String[] {option.description(), "(default: " + option.defaultValue() + ")"})
                    .build());
        }
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Print this help and exit.").build());
        spec.defaultValueProvider((ArgSpec arg) -> arg instanceof OptionSpec option
                ? sparkConf.apply(CONF_PREFIX + option.longestName().substring(2)).orElse(null)
                : null);
        spec.parser()
                .overwrittenOptionsAllowed(true)               // the last one given wins
                .unmatchedOptionsAllowedAsOptionParameters(false) // --topic --tpoic: a missing value, not the topic "--tpoic"
                .expandAtFiles(false);                          // @name is a value, not a file to read
        spec.usageMessage()
                .customSynopsis("spark-submit --class " + mainClass + " spark-app.jar [OPTIONS]",
                        "   or: java <java17 opens> -Dspark.master=local[*] -cp 'spark-app.jar:lib/*' " + mainClass + " [OPTIONS]")
                .description("", description)
                .optionListHeading("%nOptions (each may also be set as Spark conf " + CONF_PREFIX + "<option>):%n")
                .footer("", "Exit codes: 0 success, 1 failure, 2 bad arguments.")
                .sortOptions(false)
                .width(120);
        return new CommandLine(spec);
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

    /** The value, or empty when the option has no default and was not given. */
    public Optional<String> find(Option option) {
        return Optional.ofNullable(values.get(option.name()));
    }

    /**
     * The value as a size in bytes of at least {@code min}: a whole number, optionally followed by
     * {@code k}, {@code m} or {@code g} (binary multiples, any case), e.g. {@code 128m}.
     */
    public long getBytes(Option option, long min) throws UsageException {
        String value = get(option).trim().toLowerCase(Locale.ROOT);
        java.util.regex.Matcher size = java.util.regex.Pattern.compile("([0-9]{1,15})([kmg]?)b?").matcher(value);
        if (!size.matches()) {
            throw new UsageException("option --" + option.name() + " must be a size such as 134217728, 512k, 128m or 1g, got '"
                    + get(option) + "'");
        }
        int shift = switch (size.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        long bytes;
        try {
            bytes = Math.multiplyExact(Long.parseLong(size.group(1)), 1L << shift);
        } catch (ArithmeticException e) {
            throw new UsageException("option --" + option.name() + " is too large, got " + get(option));
        }
        if (bytes < min) {
            throw new UsageException("option --" + option.name() + " must be at least " + min + " bytes, got " + get(option));
        }
        return bytes;
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
        String value = get(option).trim().toUpperCase(Locale.ROOT);
        if (!allowed.contains(value)) {
            throw new UsageException("option --" + option.name() + " must be one of " + allowed + ", got '" + get(option) + "'");
        }
        return value;
    }

    /** The usage text picocli writes: how to run the job, what it does, each option with its default, the exit codes. */
    public static String usage(String mainClass, String description, List<Option> options) {
        return commandLine(mainClass, description, options, key -> Optional.empty()).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }
}
