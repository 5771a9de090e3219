package io.gamepipe.kubetest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** The kube-apiserver's audit log (one JSON event per line, one line per request: see audit-policy.yaml). */
public final class AuditLog {
  /** Verbs that change something on the server. */
  public static final Set<String> WRITES = Set.of("create", "update", "patch", "delete", "deletecollection", "apply");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  AuditLog(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /** One request as the API server saw it. */
  public record Entry(Instant time, String user, String verb, String apiGroup, String resource, String subresource,
      String namespace, String name, int code, String uri) {

    public boolean isWrite() {
      return WRITES.contains(verb);
    }

    /** {@code resource} or {@code resource/subresource}, with the API group in front when there is one. */
    public String target() {
      String what = subresource == null ? resource : resource + "/" + subresource;
      return apiGroup == null || apiGroup.isEmpty() ? what : apiGroup + "/" + what;
    }

    @Override
    public String toString() {
      return time + " " + user + " " + verb + " " + target() + " " + (namespace == null ? "" : namespace + "/")
          + (name == null ? "" : name) + " -> " + code;
    }
  }

  public List<Entry> entries() {
    return entries(entry -> true);
  }

  public List<Entry> entries(Predicate<Entry> filter) {
    List<Entry> entries = new ArrayList<>();
    List<String> lines;
    try {
      lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audit log " + file, e);
    }
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      Entry entry;
      try {
        entry = parse(JSON.readTree(line));
      } catch (IOException e) {
        continue; // the last line may be half written while the server runs
      }
      if (filter.test(entry)) {
        entries.add(entry);
      }
    }
    return entries;
  }

  /** The requests a user made at or after {@code since}. */
  public List<Entry> by(String user, Instant since) {
    return entries(entry -> entry.user().equals(user) && !entry.time().isBefore(since));
  }

  private static Entry parse(JsonNode event) {
    JsonNode ref = event.path("objectRef");
    String time = event.path("requestReceivedTimestamp").asText(event.path("stageTimestamp").asText());
    return new Entry(time.isEmpty() ? Instant.EPOCH : Instant.parse(time), event.path("user").path("username").asText(),
        event.path("verb").asText(), text(ref, "apiGroup"), text(ref, "resource"), text(ref, "subresource"),
        text(ref, "namespace"), text(ref, "name"), event.path("responseStatus").path("code").asInt(0),
        event.path("requestURI").asText());
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
