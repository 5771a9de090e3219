package io.gamepipe.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedHdfsTest {

    private static Path dataDir;

    @BeforeAll
    static void dataDir() {
        dataDir = TempDirs.create("gamepipe-hdfs-unit");
    }

    @AfterAll
    static void cleanUp() {
        TempDirs.deleteQuietly(dataDir);
    }

    @Test
    void filesSurviveAStopAndStartInTheSameDataDirectory() throws IOException {
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path("/tmp/extracted_events/part-0.txt");
        EmbeddedHdfs hdfs = EmbeddedHdfs.builder().dataDir(dataDir).build().start();
        try (FileSystem fs = hdfs.newClient()) {
            assertThat(fs.getFileStatus(new org.apache.hadoop.fs.Path("/tmp")).getPermission().toShort())
                    .isEqualTo((short) 01777);
            try (OutputStream out = fs.create(file)) {
                out.write("kept".getBytes(StandardCharsets.UTF_8));
            }
        } finally {
            hdfs.stop();
        }

        EmbeddedHdfs again = EmbeddedHdfs.builder().dataDir(dataDir).build().start();
        try (FileSystem fs = again.newClient(); InputStream in = fs.open(file)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("kept");
            assertThat(again.uri()).startsWith("hdfs://localhost:");
            assertThat(again.httpPort()).isPositive();
        } finally {
            again.stop();
        }
    }

    @Test
    void refusesZeroDataNodes() {
        assertThatThrownBy(() -> EmbeddedHdfs.builder().dataNodes(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one DataNode");
    }
}
