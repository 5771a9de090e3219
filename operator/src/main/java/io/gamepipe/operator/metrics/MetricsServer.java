package io.gamepipe.operator.metrics;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/** GET /metrics in Prometheus' text format, on its own port (the container port named {@code metrics}). */
public final class MetricsServer implements AutoCloseable {
  public static final String PORT_VARIABLE = "METRICS_PORT";
  public static final int DEFAULT_PORT = 8081;
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;

  public MetricsServer(Supplier<String> scrape, int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/metrics", exchange -> {
      boolean get = "GET".equals(exchange.getRequestMethod());
      byte[] body = (get ? scrape.get() : "GET only\n").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", get ? CONTENT_TYPE : "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(get ? 200 : 405, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  /**
   * The port from {@code METRICS_PORT}: 8081 when unset, 0 for any free port, -1 for no endpoint.
   *
   * @throws IllegalArgumentException naming the variable when its value is not one of those
   */
  public static int port(Map<String, String> env) {
    String value = env.get(PORT_VARIABLE);
    if (value == null || value.isBlank()) {
      return DEFAULT_PORT;
    }
    try {
      int port = Integer.parseInt(value.trim());
      if (port >= -1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(PORT_VARIABLE + " must be a port number (1-65535), 0 for any free port or -1"
        + " for no metrics endpoint; got '" + value + "'");
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
