package io.gamepipe.operator.builders;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Short content hashes: names that change with what they stand for (the topic Job, an Event) and the
 * {@link #CONFIG_HASH} annotation.
 */
public final class Hashes {
  /** Annotation whose change rolls pods (HDFS configuration) or marks a spec to re-apply (HTTPRoute). */
  public static final String CONFIG_HASH = "gamepipe.io/config-hash";

  private Hashes() {
  }

  /** 8 hex digits of the text's SHA-256. */
  public static String of(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
