package io.gamepipe.spark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Adds one micro-batch's rows to a dataset so that a replayed batch never leaves two copies.
 *
 * <p>Structured Streaming replays a batch whose commit it did not record (the run was killed
 * after writing, before committing). So a batch is published in steps that can be undone:
 * <ol>
 *   <li>undo a previous attempt of the same batch: delete every file its manifest lists;</li>
 *   <li>write the rows to {@code _staging/batch-N} (hidden from readers by its leading {@code _});</li>
 *   <li>write the manifest {@code _manifests/batch-N}: every file the batch will add;</li>
 *   <li>rename each staged file into its partition directory (one atomic HDFS rename per file).</li>
 * </ol>
 * Manifests of batches before N are deleted once batch N starts: Spark starts N only after
 * committing N-1, which will never be replayed. Readers see every committed batch exactly once;
 * while a batch is being published, or after a crash until the rerun, they may see part of it,
 * never a row twice. Every row also carries its Kafka partition and offset. The compact job leaves
 * the files of every batch that still has a manifest alone, so a replay never meets merged files.
 */
final class BatchPublisher {

    static final String STAGING = "_staging";
    static final String MANIFESTS = "_manifests";

    private final FileSystem fs;
    private final Path root;
    private final String[] partitionColumns;
    private long lastWriteMillis;
    private long lastFileMillis;

    BatchPublisher(FileSystem fs, String root, String... partitionColumns) {
        this.fs = fs;
        this.root = new Path(root);
        this.partitionColumns = partitionColumns;
    }

    /**
     * Publishes batch {@code batchId}; returns how many data files it added. Holds the dataset's
     * {@link DatasetLock} throughout, so that compaction never changes the dataset meanwhile.
     */
    int publish(long batchId, Dataset<Row> rows) throws IOException {
        try (DatasetLock lock = DatasetLock.acquire(fs, root, "land batch " + batchId, DatasetLock.DEFAULT_TIMEOUT, System.out)) {
            return publishLocked(batchId, rows);
        }
    }

    private int publishLocked(long batchId, Dataset<Row> rows) throws IOException {
        long start = System.nanoTime();
        Path manifest = new Path(root, MANIFESTS + "/batch-" + batchId);
        undoPreviousAttempt(manifest);
        forgetCommittedBatches(batchId);
        Path staging = new Path(root, STAGING + "/batch-" + batchId);
        long written = System.nanoTime();
        ParquetFiles.overwrite(rows, staging.toString(), partitionColumns);
        long published = System.nanoTime();
        List<Path[]> moves = plannedMoves(batchId, staging);
        writeManifest(manifest, moves);
        for (Path[] move : moves) {
            fs.mkdirs(move[1].getParent());
            if (!fs.rename(move[0], move[1])) {
                throw new IOException("could not move " + move[0] + " to " + move[1]);
            }
        }
        fs.delete(staging, true);
        long end = System.nanoTime();
        lastWriteMillis = (published - written) / 1_000_000;
        lastFileMillis = (written - start + end - published) / 1_000_000;
        return moves.size();
    }

    /** The last batch's Spark write (the job that writes the staged Parquet files), in milliseconds. */
    long lastWriteMillis() {
        return lastWriteMillis;
    }

    /** The last batch's own HDFS work around the write: previous attempt, manifests, renames, in milliseconds. */
    long lastFileMillis() {
        return lastFileMillis;
    }

    /** The dataset's root exists even before any data: readers given the schema read it as empty. */
    void ensureRoot() throws IOException {
        fs.mkdirs(root);
    }

    private void undoPreviousAttempt(Path manifest) throws IOException {
        if (!fs.exists(manifest)) {
            return;
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(fs.open(manifest), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    fs.delete(new Path(line), false);
                }
            }
        }
        fs.delete(manifest, false);
    }

    /**
     * The files of every batch that still has a manifest under {@code root}: a replay of that batch
     * would delete them, so nothing else may rewrite them. Paths without scheme and authority.
     */
    static Set<String> replayableFiles(FileSystem fs, Path root) throws IOException {
        Set<String> files = new HashSet<>();
        Path manifests = new Path(root, MANIFESTS);
        if (!fs.exists(manifests)) {
            return files;
        }
        for (FileStatus manifest : fs.listStatus(manifests)) {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(fs.open(manifest.getPath()), StandardCharsets.UTF_8))) {
                reader.lines().filter(line -> !line.isBlank()).forEach(line -> files.add(new Path(line).toUri().getPath()));
            }
        }
        return files;
    }

    private void forgetCommittedBatches(long batchId) throws IOException {
        Path manifests = new Path(root, MANIFESTS);
        if (!fs.exists(manifests)) {
            return;
        }
        for (FileStatus status : fs.listStatus(manifests)) {
            String name = status.getPath().getName();
            if (name.startsWith("batch-") && Long.parseLong(name.substring("batch-".length())) < batchId) {
                fs.delete(status.getPath(), false);
            }
        }
    }

    /** Each staged data file and its final path: same partition directory under the root, name prefixed by the batch. */
    private List<Path[]> plannedMoves(long batchId, Path staging) throws IOException {
        List<Path[]> moves = new ArrayList<>();
        if (!fs.exists(staging)) {
            return moves;
        }
        String stagingPrefix = fs.makeQualified(staging).toUri().getPath() + "/";
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(staging, true);
        while (files.hasNext()) {
            Path file = files.next().getPath();
            String name = file.getName();
            if (name.startsWith("_") || name.startsWith(".")) {
                continue;
            }
            String relative = file.toUri().getPath().substring(stagingPrefix.length());
            String directory = relative.contains("/") ? relative.substring(0, relative.lastIndexOf('/')) : "";
            Path targetDir = directory.isEmpty() ? root : new Path(root, directory);
            moves.add(new Path[] {file, new Path(targetDir, String.format("batch-%012d-%s", batchId, name))});
        }
        return moves;
    }

    private void writeManifest(Path manifest, List<Path[]> moves) throws IOException {
        try (FSDataOutputStream stream = fs.create(manifest, true);
             Writer writer = new OutputStreamWriter(stream, StandardCharsets.UTF_8)) {
            for (Path[] move : moves) {
                writer.write(fs.makeQualified(move[1]).toString());
                writer.write('\n');
            }
        }
    }
}
