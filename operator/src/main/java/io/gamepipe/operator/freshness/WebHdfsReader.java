package io.gamepipe.operator.freshness;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads small files from HDFS through the NameNode's WebHDFS REST API (plain HTTP: the operator carries no Hadoop
 * client). The NameNode redirects the read to a DataNode, which the client follows.
 */
final class WebHdfsReader {
  private final HttpClient http;
  private final Duration timeout;

  WebHdfsReader(HttpClient http, Duration timeout) {
    this.http = http;
    this.timeout = timeout;
  }

  static HttpClient client(Duration timeout) {
    return HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  /** The file's text, or empty when there is no such file. */
  Optional<String> read(String webHdfsUrl, String path) throws IOException {
    String encoded = URLEncoder.encode(path, StandardCharsets.UTF_8).replace("%2F", "/").replace("+", "%20");
    URI uri = URI.create(webHdfsUrl.replaceAll("/+$", "") + "/webhdfs/v1" + encoded + "?op=OPEN");
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw new IOException("HTTP " + response.statusCode() + " for " + path);
    }
    return Optional.of(response.body());
  }
}
