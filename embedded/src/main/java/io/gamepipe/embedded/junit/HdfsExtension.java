package io.gamepipe.embedded.junit;

import io.gamepipe.embedded.EmbeddedHdfs;
import io.gamepipe.embedded.TempDirs;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real HDFS (NameNode and one DataNode) for a whole test class:
 * <pre>{@code @RegisterExtension static final HdfsExtension HDFS = new HdfsExtension();}</pre>
 * The test module must have {@code hadoop-client-minicluster} on its test classpath.
 */
public final class HdfsExtension implements BeforeAllCallback, AfterAllCallback {

    private Path workDir;
    private EmbeddedHdfs hdfs;
    private Duration leaseSoftLimit;

    /** See {@link EmbeddedHdfs.Builder#leaseSoftLimit(Duration)}; HDFS's own 60 s when not called. */
    public HdfsExtension leaseSoftLimit(Duration softLimit) {
        this.leaseSoftLimit = softLimit;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        workDir = TempDirs.create("gamepipe-hdfs-test");
        EmbeddedHdfs.Builder builder = EmbeddedHdfs.builder().dataDir(workDir);
        if (leaseSoftLimit != null) {
            builder.leaseSoftLimit(leaseSoftLimit);
        }
        hdfs = builder.build().start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (hdfs != null) {
                hdfs.stop();
            }
        } finally {
            TempDirs.deleteQuietly(workDir);
        }
    }

    public EmbeddedHdfs hdfs() {
        return hdfs;
    }

    /** {@code hdfs://localhost:<port>}. */
    public String uri() {
        return hdfs.uri();
    }
}
