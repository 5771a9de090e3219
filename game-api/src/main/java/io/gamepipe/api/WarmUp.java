package io.gamepipe.api;

import jakarta.servlet.http.HttpServletRequest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import org.apache.catalina.connector.Connector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.servlet.context.ServletWebServerInitializedEvent;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.ApplicationListener;

/**
 * Runs the game's routes hot before the API reports ready, so that the first requests a load
 * balancer sends find compiled code rather than the interpreter (on 2 cores a cold instance
 * answers at a fifth of its speed for 20 s and more).
 *
 * <p>The warm-up requests come over real HTTP from this JVM to a second Tomcat connector, bound to
 * the loopback address on a port of its own and removed when the warm-up ends. A request that
 * arrives on that connector (see {@link #publisherFor}) sends its event through the API's
 * producer to a topic of its own ({@code <events topic>-warm-up}, short retention, read by
 * nobody), so that the producer's code (send, batching, its I/O thread, the broker's answers)
 * is compiled before readiness too: it was most of what the compiler still had to do once traffic
 * came. No warm-up request can put an event in the events topic or in the exported counters, and
 * no request on the service port is ever answered without Kafka. Without that topic (Kafka refused
 * to create it) the warm-up requests are answered without any send. Readiness (this indicator, in
 * the readiness group) stays down until the warm-up is over: when the JIT compilers have settled
 * (the hot paths are compiled) or at the latest after {@code gamepipe.warm-up} ({@code API_WARM_UP}).
 */
final class WarmUp implements HealthIndicator, ApplicationListener<ServletWebServerInitializedEvent>,
        WebServerFactoryCustomizer<TomcatServletWebServerFactory>, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);
    /**
     * Each request now waits for Kafka's answer: 8 connections keep the routes and the producer
     * busy (2 gave 29k requests in 30 s against 59-89k) and leave the compilers their share.
     */
    private static final int CONNECTIONS = 8;
    /** Requests per connection before the client opens a new one (connection set-up is on the real path too). */
    private static final int REQUESTS_PER_CONNECTION = 100;
    /** Compilation time per second under which the compilers count as settled (4 compiler threads: up to 4000). */
    private static final long SETTLED_MILLIS_PER_SECOND = 100;
    private static final List<String> TARGETS = List.of("/", "/purchase_a_sword", "/purchase_item?item=sword",
            "/purchase_item?item=shield", "/purchase_item", "/join_guild?guild_id=1", "/join_guild?guild_id=a",
            "/join_guild");

    private final Duration duration;
    private final Supplier<EventPublisher> publisherFactory;
    private final Connector connector;
    /**
     * Where a request's event goes, by {@link #publisherFor}: [0] the events topic (set by the routes), [1] the
     * warm-up's topic through the API's producer, from when the warm-up starts (null without that topic).
     */
    private final AtomicReferenceArray<EventPublisher> publishers = new AtomicReferenceArray<>(2);
    private final AtomicBoolean stop = new AtomicBoolean();
    /**
     * The warm-up connector's port, set once when it has started and never reset: a request that
     * reached that connector is a warm-up request even if it is handled after the warm-up ended.
     */
    private volatile int connectorPort = -1;
    private volatile boolean open;
    private volatile Health health;
    private final AtomicLong answered = new AtomicLong();
    private final ExecutorService acknowledger = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "warm-up-acknowledger");
        thread.setDaemon(true);
        return thread;
    });

    /** A warm-up whose requests are answered without a send (and none when {@code duration} is zero). */
    WarmUp(Duration duration) {
        this(duration, () -> null);
    }

    /**
     * @param duration         the longest warm-up (it ends sooner once the compilers settle); zero: none, ready at once
     * @param publisherFactory makes the warm-up's publisher when the warm-up starts (creating its topic); null
     *                         when it cannot, and the warm-up requests are then answered without a send
     */
    WarmUp(Duration duration, Supplier<EventPublisher> publisherFactory) {
        this.duration = duration;
        this.publisherFactory = publisherFactory;
        boolean enabled = !duration.isZero();
        this.connector = enabled ? new Connector() : null;
        if (enabled) {
            connector.setPort(0);
            connector.setProperty("address", InetAddress.getLoopbackAddress().getHostAddress());
            connector.setProperty("maxKeepAliveRequests", "-1");
            // One spare thread: the warm-up's own pool grows while it runs, as the service port's does under load.
            connector.setProperty("minSpareThreads", "1");
        }
        this.health = enabled ? Health.down().withDetail("reason", "warm-up not started").build() : Health.up().build();
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (connector != null) {
            factory.addAdditionalTomcatConnectors(connector);
        }
    }

    /** The publisher of real requests' events (to the events topic). */
    void sendRealEventsWith(EventPublisher events) {
        publishers.set(0, Objects.requireNonNull(events));
    }

    /**
     * The publisher for the request's event: the warm-up's for a request that came over the warm-up
     * connector (null when there is no warm-up topic), the events topic's for any other. Chosen by
     * an index computed without a branch: the warm-up runs only one side of a branch, and the
     * compiled code would be thrown away at the first real request taking the other. The service
     * port can never be the warm-up port: both are bound at once, on the same host.
     */
    EventPublisher publisherFor(HttpServletRequest request) {
        int difference = request.getLocalPort() ^ connectorPort;
        int overWarmUpConnector = ((difference | -difference) >>> 31) ^ 1; // 1 when the ports are equal, else 0
        return publishers.get(overWarmUpConnector);
    }

    /**
     * Answers a warm-up request 200 without sending its event, from a thread of its own as Kafka's
     * I/O thread answers real ones: the container's path for a request completed by another thread
     * is warmed too.
     */
    void acknowledge(PendingAnswer answer) {
        try {
            acknowledger.execute(answer::acknowledged);
        } catch (RejectedExecutionException e) {
            answer.acknowledged(); // a straggler after the warm-up ended
        }
    }

    /** The warm-up connector's port while the warm-up runs, -1 otherwise. */
    int port() {
        return open ? connectorPort : -1;
    }

    @Override
    public Health health() {
        return health;
    }

    /**
     * Starts once the service's Tomcat (with the warm-up connector) is up, not when the whole application
     * is: the management server's start and the rest of the start-up overlap the warm-up.
     */
    @Override
    public void onApplicationEvent(ServletWebServerInitializedEvent event) {
        boolean managementServer = event.getApplicationContext().getServerNamespace() != null;
        if (connector == null || managementServer || connectorPort != -1) {
            return;
        }
        connectorPort = connector.getLocalPort();
        open = true;
        health = Health.down().withDetail("reason", "warming up (at most " + duration.toMillis() + " ms)").build();
        Thread thread = new Thread(this::run, "warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long started = System.nanoTime();
        long deadline = started + duration.toNanos();
        EventPublisher publisher = publisherFactory.get();
        publishers.set(1, publisher); // kept after the warm-up: a straggler's event still goes to the warm-up topic
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            int first = i;
            Thread client = new Thread(() -> drive(first, deadline), "warm-up-client-" + i);
            client.setDaemon(true);
            client.start();
            clients.add(client);
        }
        long compiling = -1;
        boolean sent = publisher != null;
        try {
            compiling = awaitSettledCompiler(deadline, clients);
            stop.set(true);
            for (Thread client : clients) {
                client.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open = false;
            acknowledger.shutdown();
            connector.getService().removeConnector(connector);
            try {
                connector.destroy();
            } catch (Exception e) {
                LOG.debug("Closing the warm-up connector: {}", e.toString());
            }
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            LOG.info("Warm-up done: {} requests in {} ms ({}), {}; the API is ready once Kafka is", answered.get(), millis,
                    sent ? "their events sent to the warm-up topic" : "answered without a send",
                    compiling < 0 ? "the compiler still busy at the limit (gamepipe.warm-up, API_WARM_UP)"
                            : "the compiler settled (" + compiling + " ms of compilation in the last second)");
            health = Health.up().withDetail("requests", answered.get()).withDetail("millis", millis).build();
        }
    }

    /**
     * Waits until the JIT compilers have settled (under {@link #SETTLED_MILLIS_PER_SECOND} of
     * compilation in each of two seconds in a row: the hot paths are compiled) or the deadline
     * passed; returns the last second's compilation time, -1 at the deadline. A JVM without
     * compilation monitoring warms up to the deadline.
     */
    private long awaitSettledCompiler(long deadline, List<Thread> clients) throws InterruptedException {
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        boolean monitored = compiler != null && compiler.isCompilationTimeMonitoringSupported();
        long last = monitored ? compiler.getTotalCompilationTime() : 0;
        int quietSeconds = 0;
        while (System.nanoTime() < deadline && clients.stream().anyMatch(Thread::isAlive)) {
            long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (remaining < 1000) {
                Thread.sleep(Math.max(1, remaining)); // a part of a second says nothing about settling
                break;
            }
            Thread.sleep(1000);
            if (!monitored) {
                continue;
            }
            long now = compiler.getTotalCompilationTime();
            long lastSecond = now - last;
            last = now;
            LOG.debug("Warming up: {} requests so far, {} ms of compilation in the last second", answered.get(), lastSecond);
            quietSeconds = lastSecond < SETTLED_MILLIS_PER_SECOND ? quietSeconds + 1 : 0;
            if (quietSeconds >= 2) {
                return lastSecond;
            }
        }
        return -1;
    }

    /** A shutdown during the warm-up: the clients stop. */
    @Override
    public void destroy() {
        stop.set(true);
    }

    /**
     * One client sending the routes in turn until the deadline, on a new connection every
     * {@link #REQUESTS_PER_CONNECTION} requests; any failure ends it. The requests look like real
     * clients' (the Host header with and without a port, the usual headers) and connections come
     * and go: a path the warm-up never took would be compiled as a trap, and the first real
     * request taking it would throw the compiled code away (measured: a burst of deoptimizations
     * of the request path right after ready).
     */
    private void drive(int first, long deadline) {
        List<byte[]> requests = new ArrayList<>();
        for (String target : TARGETS) {
            for (String host : List.of("localhost:" + connectorPort, "localhost")) {
                requests.add(("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: gamepipe-warm-up\r\n"
                        + "Accept: */*\r\nAccept-Encoding: gzip, deflate\r\nConnection: keep-alive\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
            }
        }
        int next = first;
        try {
            while (!stop.get() && System.nanoTime() < deadline) {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), connectorPort)) {
                    socket.setTcpNoDelay(true);
                    OutputStream out = socket.getOutputStream();
                    InputStream in = new BufferedInputStream(socket.getInputStream());
                    for (int i = 0; i < REQUESTS_PER_CONNECTION && !stop.get() && System.nanoTime() < deadline; i++) {
                        out.write(requests.get(next++ % requests.size()));
                        out.flush();
                        readResponse(in);
                        answered.incrementAndGet();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("A warm-up connection ended early: {}", e.toString());
        }
    }

    /** Reads one response with a Content-Length body (the only kind the game routes give). */
    private static void readResponse(InputStream in) throws IOException {
        long contentLength = -1;
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed mid-response");
            }
            if (c != '\n') {
                if (c != '\r') {
                    line.append((char) c);
                }
                continue;
            }
            if (line.isEmpty()) {
                break;
            }
            String header = line.toString();
            if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                contentLength = Long.parseLong(header.substring(15).trim());
            }
            line.setLength(0);
        }
        if (contentLength < 0) {
            throw new IOException("a warm-up answer without Content-Length");
        }
        in.skipNBytes(contentLength);
    }
}
