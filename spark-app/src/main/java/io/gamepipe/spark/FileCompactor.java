package io.gamepipe.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Merges the small Parquet files of one dataset (land's {@code landed_events} or its quarantine):
 * within each directory of data files (a partition), files below the target size are packed, in
 * name order, into groups of about the target size, and each group is rewritten as one file.
 *
 * <p>Safe next to land: the plan and the switch are made holding the dataset's {@link DatasetLock},
 * which land holds while it publishes a batch, and the files of every batch that still has a
 * manifest (one land may replay) are left alone, so a replay never meets merged rows. The rewrite
 * itself (the Spark job) runs without the lock: nothing else changes the files it reads.
 *
 * <p>The switch keeps every row readable. The merged files are first written where readers do not
 * look ({@code {dataset}/_compact/staging}); then a journal lists every step; then, per group, each
 * input is moved into a directory of its partition that readers do read ({@code compacting-<run>},
 * one rename per file, so each row stays visible exactly once), the merged file is renamed into the
 * partition and that directory deleted. HDFS has no rename of several files at once: between these
 * last two NameNode calls a reader that lists the partition would see the group's rows twice. A run
 * killed at any point leaves the data readable; the next run, finding the journal, finishes the
 * switch (or, when the journal was never written, deletes the staged files).
 */
public final class FileCompactor {

    static final String WORK = "_compact";
    static final String HOLDING_PREFIX = "compacting-";
    private static final String JOURNAL = "journal";

    /** Files of the dataset before and after the run, and groups merged. */
    public record Result(long filesBefore, long filesAfter, int groupsMerged) {
    }

    /** Files below the target size of one partition, to be merged into one file. */
    private record Group(Path partition, List<Path> inputs, long bytes) {
    }

    private final SparkSession spark;
    private final FileSystem fs;
    private final Path root;
    private final long targetBytes;
    private final String runId;
    private final PrintStream out;
    private final Consumer<String> afterStep;

    /**
     * @param afterStep called with the name of each step done ({@code planned}, {@code staged},
     *     {@code journaled}, {@code group 1 held} (its inputs moved aside), {@code group 1 published}, ...):
     *     where tests look, or kill the run
     */
    public FileCompactor(SparkSession spark, String root, long targetBytes, String runId, PrintStream out,
            Consumer<String> afterStep) throws IOException {
        this.spark = spark;
        this.fs = ParquetFiles.fileSystem(spark, root);
        this.root = fs.makeQualified(new Path(root));
        this.targetBytes = targetBytes;
        this.runId = runId;
        this.out = out;
        this.afterStep = afterStep;
    }

    /** Finishes a previous run's switch if it was killed; deletes what a killed run staged. Call holding the lock. */
    public void recover() throws IOException {
        Path journal = new Path(root, WORK + "/" + JOURNAL);
        if (fs.exists(journal)) {
            out.printf("%s: finishing the switch of a compaction that was stopped half way%n", root);
            applyJournal(readJournal(journal));
            fs.delete(journal, false);
        }
        Path work = new Path(root, WORK);
        if (fs.exists(work)) {
            fs.delete(work, true);
        }
    }

    /** Compacts the dataset; {@code lock} takes the dataset's lock (the caller's timeout and progress). */
    public Result compact(LockTaker lock) throws IOException {
        if (!fs.exists(root)) {
            return new Result(0, 0, 0);
        }
        List<Group> groups;
        long filesBefore;
        try (DatasetLock held = lock.take(fs, root, "compact " + runId + " (planning)")) {
            recover();
            Set<String> replayable = BatchPublisher.replayableFiles(fs, root);
            List<List<FileStatus>> partitions = new ArrayList<>();
            collectPartitions(root, partitions);
            filesBefore = partitions.stream().mapToLong(List::size).sum();
            groups = new ArrayList<>();
            for (List<FileStatus> files : partitions) {
                groups.addAll(plan(files, replayable));
            }
        }
        afterStep.accept("planned");
        if (groups.isEmpty()) {
            out.printf("%s: %,d files, none to merge%n", root, filesBefore);
            return new Result(filesBefore, filesBefore, 0);
        }
        List<List<Path[]>> outputs = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            Group group = groups.get(i);
            outputs.add(stage(group, i));
            out.printf(Locale.ROOT, "merged group %d of %d: %,d files (%,.1f MiB) of %s%n", i + 1, groups.size(),
                    group.inputs().size(), group.bytes() / 1048576.0, relative(group.partition()));
        }
        afterStep.accept("staged");
        long inputs = groups.stream().mapToLong(g -> g.inputs().size()).sum();
        long merged = outputs.stream().mapToLong(List::size).sum();
        try (DatasetLock held = lock.take(fs, root, "compact " + runId + " (switching)")) {
            Path journal = new Path(root, WORK + "/" + JOURNAL);
            writeJournal(journal, groups, outputs);
            afterStep.accept("journaled");
            applyJournal(readJournal(journal));
            fs.delete(journal, false);
            fs.delete(new Path(root, WORK), true);
        }
        return new Result(filesBefore, filesBefore - inputs + merged, groups.size());
    }

    /** Takes a dataset's lock; the job decides how long to wait and where to report. */
    @FunctionalInterface
    public interface LockTaker {
        DatasetLock take(FileSystem fs, Path dataset, String holder) throws IOException;
    }

    /** Each directory's data files (names not starting with {@code _} or {@code .}), hidden directories skipped. */
    private void collectPartitions(Path directory, List<List<FileStatus>> partitions) throws IOException {
        List<FileStatus> files = new ArrayList<>();
        for (FileStatus status : fs.listStatus(directory)) {
            String name = status.getPath().getName();
            if (name.startsWith("_") || name.startsWith(".")) {
                continue;
            }
            if (status.isDirectory()) {
                collectPartitions(status.getPath(), partitions);
            } else {
                files.add(status);
            }
        }
        if (!files.isEmpty()) {
            partitions.add(files);
        }
    }

    /** The partition's files below the target size, replayable ones left out, packed in name order into groups of two or more. */
    private List<Group> plan(List<FileStatus> files, Set<String> replayable) {
        List<FileStatus> small = files.stream()
                .filter(f -> f.getLen() < targetBytes && !replayable.contains(f.getPath().toUri().getPath()))
                .sorted(Comparator.comparing(f -> f.getPath().getName()))
                .toList();
        List<Group> groups = new ArrayList<>();
        List<Path> current = new ArrayList<>();
        long bytes = 0;
        for (FileStatus file : small) {
            current.add(file.getPath());
            bytes += file.getLen();
            if (bytes >= targetBytes) {
                addGroup(groups, current, bytes);
                current = new ArrayList<>();
                bytes = 0;
            }
        }
        addGroup(groups, current, bytes);
        return groups;
    }

    private static void addGroup(List<Group> groups, List<Path> inputs, long bytes) {
        if (inputs.size() >= 2) {
            groups.add(new Group(inputs.get(0).getParent(), List.copyOf(inputs), bytes));
        }
    }

    /** Writes the group's rows as one file under the staging directory; returns each staged file and its final path. */
    private List<Path[]> stage(Group group, int index) throws IOException {
        Path staging = new Path(root, WORK + "/staging/group-" + index);
        String[] inputs = group.inputs().stream().map(Path::toString).toArray(String[]::new);
        // Files named one by one: Spark reads them without partition columns, as land wrote them.
        ParquetFiles.overwrite(spark.read().option("mergeSchema", "true").parquet(inputs).coalesce(1), staging.toString());
        List<Path[]> moves = new ArrayList<>();
        int part = 0;
        for (FileStatus staged : fs.listStatus(staging)) {
            String name = staged.getPath().getName();
            if (!name.startsWith("_") && !name.startsWith(".")) {
                String finalName = String.format(Locale.ROOT, "compacted-%s-%d-%d.snappy.parquet", runId, index, part++);
                moves.add(new Path[] {staged.getPath(), new Path(group.partition(), finalName)});
            }
        }
        return moves;
    }

    /*
     * The journal, one step a line, in the order applied, fields separated by tabs (which Spark
     * escapes in partition values, unlike spaces):
     *   group <partition> <holding directory>
     *   in <input file>
     *   out <staged file> <final file>
     */
    private void writeJournal(Path journal, List<Group> groups, List<List<Path[]>> outputs) throws IOException {
        Path temporary = new Path(journal.getParent(), "." + JOURNAL + ".tmp");
        try (FSDataOutputStream stream = fs.create(temporary, true);
             Writer writer = new OutputStreamWriter(stream, StandardCharsets.UTF_8)) {
            for (int i = 0; i < groups.size(); i++) {
                Group group = groups.get(i);
                writer.write("group\t" + group.partition() + "\t" + new Path(group.partition(), HOLDING_PREFIX + runId + "-" + i) + "\n");
                for (Path input : group.inputs()) {
                    writer.write("in\t" + input + "\n");
                }
                for (Path[] move : outputs.get(i)) {
                    writer.write("out\t" + move[0] + "\t" + move[1] + "\n");
                }
            }
        }
        // The journal appears whole or not at all: a run killed while writing it has changed nothing.
        if (!fs.rename(temporary, journal)) {
            throw new IOException("could not write the compaction journal " + journal);
        }
    }

    private List<String[]> readJournal(Path journal) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(fs.open(journal), StandardCharsets.UTF_8))) {
            return reader.lines().filter(line -> !line.isBlank()).map(line -> line.split("\t")).toList();
        }
    }

    /**
     * Applies the journal; every step checks what is already done, so applying it again, after a
     * run killed anywhere in it, finishes the switch without doing a step twice.
     */
    private void applyJournal(List<String[]> steps) throws IOException {
        int group = 0;
        Path holding = null;
        boolean held = false;
        for (String[] step : steps) {
            switch (step[0]) {
                case "group" -> {
                    finishGroup(holding, group);
                    holding = new Path(step[2]);
                    group++;
                    held = false;
                }
                case "in" -> {
                    Path input = new Path(step[1]);
                    if (fs.exists(input)) {
                        fs.mkdirs(holding);
                        rename(input, new Path(holding, input.getName()));
                    }
                }
                case "out" -> {
                    if (!held) {
                        afterStep.accept("group " + group + " held");
                        held = true;
                    }
                    Path staged = new Path(step[1]);
                    Path merged = new Path(step[2]);
                    if (fs.exists(staged) && !fs.exists(merged)) {
                        rename(staged, merged);
                    } else if (!fs.exists(merged)) {
                        // Never delete the inputs without their merged file: they stay readable where they are.
                        throw new IOException("compaction journal: neither " + staged + " nor " + merged
                                + " exists; the group's rows stay in " + holding);
                    }
                }
                default -> throw new IOException("unreadable compaction journal line: " + String.join("\t", step));
            }
        }
        finishGroup(holding, group);
    }

    private void finishGroup(Path holding, int group) throws IOException {
        if (holding != null) {
            fs.delete(holding, true);
            afterStep.accept("group " + group + " published");
        }
    }

    private void rename(Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("could not move " + from + " to " + to);
        }
    }

    private String relative(Path partition) {
        String path = partition.toUri().getPath();
        String base = root.toUri().getPath();
        return path.length() > base.length() ? path.substring(base.length() + 1) : path;
    }
}
