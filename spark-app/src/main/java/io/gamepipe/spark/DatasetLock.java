package io.gamepipe.spark;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.ipc.RemoteException;

/**
 * The lock land and compact both take before they change the files of a dataset, so that they never
 * publish into it at once: the file {@code {dataset}/_lock}, held by keeping it open for writing.
 *
 * <p>The NameNode is the arbiter: only one client may have a file open for writing (its lease), and
 * the holder's HDFS client renews that lease while its JVM lives. Taking the lock is an append to the
 * file (or creating it), which the NameNode refuses while another client holds the lease. A holder
 * that died (killed, out of memory, its node gone) stops renewing; 60 s later (HDFS's lease soft
 * limit) the next append makes the NameNode recover the lease and close the file, and the one after
 * takes the lock. So a stale lock frees itself, with nothing to delete by hand. Each holder names
 * itself in {@code {dataset}/_lock.holder}, which is what a waiter prints.
 *
 * <p>Only HDFS has leases: on another file system (a local run of the tests' kind) the lock is not taken.
 */
public final class DatasetLock implements AutoCloseable {

    public static final String FILE = "_lock";
    public static final String COMPACTION_FILE = "_compact.lock";
    /** Next to a lock file, who holds the lock, or held it last. */
    public static final String HOLDER_SUFFIX = ".holder";
    /** How long a writer waits for the lock by default: far longer than a publish or a compaction's switch. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    private static final long RETRY_MILLIS = 1_000;
    private static final long REPORT_EVERY_MILLIS = 10_000;

    private final FSDataOutputStream stream;

    private DatasetLock(FSDataOutputStream stream) {
        this.stream = stream;
    }

    /**
     * Takes the lock of {@code dataset}, waiting up to {@code timeout}; prints to {@code out} who holds it
     * while it waits.
     *
     * @param holder what the caller is doing, for whoever waits, e.g. {@code land batch 12}
     * @throws IOException if it is still held after {@code timeout}, naming the holder
     */
    public static DatasetLock acquire(FileSystem fs, Path dataset, String holder, Duration timeout, PrintStream out)
            throws IOException {
        return acquire(fs, dataset, FILE, holder, timeout, out);
    }

    /**
     * Takes the lock only compact runs take, {@code {dataset}/_compact.lock}, held for a whole run: two
     * compactions of a dataset never overlap (one would take the other's staged files for a dead run's).
     */
    public static DatasetLock acquireForCompaction(FileSystem fs, Path dataset, String holder, Duration timeout,
            PrintStream out) throws IOException {
        return acquire(fs, dataset, COMPACTION_FILE, holder, timeout, out);
    }

    private static DatasetLock acquire(FileSystem fs, Path dataset, String name, String holder, Duration timeout,
            PrintStream out) throws IOException {
        if (!(fs instanceof DistributedFileSystem)) {
            return new DatasetLock(null);
        }
        Path file = new Path(dataset, name);
        Path holderFile = new Path(dataset, name + HOLDER_SUFFIX);
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextReport = 0;
        while (true) {
            FSDataOutputStream stream = tryOpen(fs, file);
            if (stream != null) {
                writeHolder(fs, holderFile, holder);
                return new DatasetLock(stream);
            }
            long now = System.nanoTime();
            if (now > deadline) {
                throw new IOException("could not lock " + dataset + " within " + timeout.toSeconds() + " s: held by "
                        + lastHolder(fs, holderFile) + " (a holder that died frees it 60 s after its death)");
            }
            if (now >= nextReport) {
                out.printf("waiting for the lock of %s, held by %s%n", dataset, lastHolder(fs, holderFile));
                nextReport = now + REPORT_EVERY_MILLIS * 1_000_000;
            }
            try {
                Thread.sleep(RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the lock of " + dataset, e);
            }
        }
    }

    /** The lock file open for writing, or null when another client holds it (or the NameNode is recovering it). */
    private static FSDataOutputStream tryOpen(FileSystem fs, Path file) throws IOException {
        try {
            return fs.append(file);
        } catch (FileNotFoundException e) {
            try {
                return fs.create(file, false);
            } catch (FileAlreadyExistsException | RemoteException raced) {
                return null;
            }
        } catch (RemoteException e) {
            // AlreadyBeingCreatedException (a live holder) or RecoveryInProgressException (a dead
            // holder's lease being recovered): try again.
            String type = e.getClassName();
            if (type.endsWith("AlreadyBeingCreatedException") || type.endsWith("RecoveryInProgressException")) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Names the holder for whoever waits, in a file of its own: the lock file stays empty, since
     * appending data to it would set up a DataNode pipeline that fails on a cluster with fewer
     * DataNodes than the file's replication.
     */
    private static void writeHolder(FileSystem fs, Path file, String holder) throws IOException {
        String line = holder + " (pid " + ManagementFactory.getRuntimeMXBean().getName() + ") since " + Instant.now() + "\n";
        try (FSDataOutputStream stream = fs.create(file, true)) {
            stream.write(line.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String lastHolder(FileSystem fs, Path file) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
            String line = reader.readLine();
            return line == null || line.isBlank() ? "another writer" : line.trim();
        } catch (IOException e) {
            return "another writer";
        }
    }

    /** Releases the lock: closing the file ends the lease. */
    @Override
    public void close() throws IOException {
        if (stream != null) {
            stream.close();
        }
    }
}
