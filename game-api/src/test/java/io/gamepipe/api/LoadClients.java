package io.gamepipe.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gamepipe.api.RawHttp.Response;
import io.gamepipe.api.TopicReader.Event;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@value #CLIENTS} clients sending the original's URL mix until stopped or the API is gone,
 * remembering the event id of every 200 so that a test can look each one up in the topic.
 */
final class LoadClients {

    static final int CLIENTS = 8;
    private static final String[] URL_MIX = {"/", "/purchase_item?item=sword", "/purchase_item?item=knife",
        "/purchase_item?item=shield", "/join_guild?guild_id=1", "/join_guild?guild_id=a"};

    final Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
    final AtomicInteger unavailable = new AtomicInteger();
    final Queue<String> unexpected = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    private final List<Future<?>> running;

    LoadClients(RunningApi target) {
        int port = target.port();
        running = IntStream.range(0, CLIENTS)
                .mapToObj(client -> clients.submit(() -> run(port, client))).collect(Collectors.toList());
    }

    private void run(int port, int client) {
        for (int i = client; !stopping.get(); i++) {
            String url = URL_MIX[i % URL_MIX.length];
            Response response;
            try {
                response = RawHttp.get(port, url, RawHttp.CURL);
            } catch (UncheckedIOException e) {
                return; // the API has shut down and refuses connections
            }
            if (response.status() == 200) {
                acknowledged.add(response.header("X-Event-Id"));
            } else if (response.status() == 503) {
                unavailable.incrementAndGet();
            } else {
                // The URL and the moment too: a 400 seen once during a graceful shutdown could not be reproduced since.
                unexpected.add(Instant.now() + " GET " + url + " -> " + response.status() + " " + response.body());
            }
        }
    }

    void awaitAcknowledged(int count) {
        await().atMost(Duration.ofSeconds(90)).until(() -> acknowledged.size() >= count);
    }

    void stop() throws Exception {
        stopping.set(true);
        for (Future<?> client : running) {
            client.get(60, TimeUnit.SECONDS);
        }
        clients.shutdown();
    }

    /** Only 200s and 503s were answered, and every 200's event is in the topic (read from the beginning). */
    void assertEveryAcknowledgedEventIsIn(String bootstrapServers, String topic) {
        assertThat(unexpected).isEmpty();
        Set<String> inTopic = TopicReader.readFrom(bootstrapServers, topic, 0).stream()
                .map(Event::key).collect(Collectors.toSet());
        assertThat(acknowledged).isNotEmpty();
        assertThat(inTopic).containsAll(acknowledged);
    }
}
