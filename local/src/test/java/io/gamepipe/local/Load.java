package io.gamepipe.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded request loop against the game API on localhost, in the background: it remembers the
 * event id of every request answered 200 (those Kafka acknowledged) and counts the others.
 */
final class Load {

    /** A bound on the requests of one load, whatever happens. */
    private static final int MAX_REQUESTS = 20_000;
    /** Between requests: enough traffic to span an outage, little enough to leave the CPU to the cluster. */
    private static final long PAUSE_MILLIS = 20;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI uri;
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refused = new AtomicInteger();
    private final Thread thread;
    private volatile boolean stopped;

    private Load(String apiUrl) {
        this.uri = URI.create(apiUrl + "/purchase_item?item=sword");
        if (!"localhost".equals(uri.getHost())) {
            throw new IllegalArgumentException("load goes to localhost only, not " + uri);
        }
        thread = new Thread(this::run, "load");
        thread.setDaemon(true);
    }

    static Load start(String apiUrl) {
        Load load = new Load(apiUrl);
        load.thread.start();
        return load;
    }

    private void run() {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build();
        for (int i = 0; i < MAX_REQUESTS && !stopped; i++) {
            try {
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    accepted.add(response.headers().firstValue("X-Event-Id").orElseThrow());
                } else {
                    refused.incrementAndGet();
                }
            } catch (IOException e) {
                refused.incrementAndGet();
            } catch (InterruptedException e) {
                return;
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    int acceptedCount() {
        return accepted.size();
    }

    int refusedCount() {
        return refused.get();
    }

    /** Waits until more than {@code count} requests were answered 200 (a guard against a hang, not a speed check). */
    void awaitAcceptedMoreThan(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (accepted.size() <= count) {
            if (!thread.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the API answered only " + accepted.size() + " requests 200 (" + refused + " not)");
            }
            Thread.sleep(100);
        }
    }

    /** Stops the loop and returns the event ids of every request answered 200. */
    Set<String> stop() throws InterruptedException {
        stopped = true;
        thread.join(TimeUnit.MINUTES.toMillis(1));
        return Set.copyOf(accepted);
    }
}
