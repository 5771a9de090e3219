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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.catalina.connector.Connector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.ApplicationListener;

/**
 * Runs the game's routes hot before the API reports ready, so that the first requests a load
 * balancer sends find compiled code rather than the interpreter (on 2 cores a cold instance
 * answers at a fifth of its speed for 20 s and more).
 *
 * <p>The warm-up requests come over real HTTP from this JVM to a second Tomcat connector, bound to
 * the loopback address on a port of its own and removed when the warm-up ends; a request that
 * arrives on that connector is answered without sending its event (see {@link #isWarmUpRequest}),
 * so no warm-up request can put an event in the topic, and no request on the service port is
 * ever answered without Kafka. Readiness (this indicator, in the readiness group) stays down
 * until the warm-up is over: when the JIT compilers have settled (the hot paths are compiled) or
 * at the latest after {@code gamepipe.warm-up} ({@code API_WARM_UP}). The Kafka producer's own
 * path is not warmed: it would take events to a topic.
 */
final class WarmUp implements HealthIndicator, ApplicationListener<ApplicationReadyEvent>,
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);
    /** Few connections: the JIT compiler threads need the other core more than the warm-up does. */
    private static final int CONNECTIONS = 2;
    /** Compilation time per second under which the compilers count as settled (2 compiler threads: up to 2000). */
    private static final long SETTLED_MILLIS_PER_SECOND = 100;
    private static final List<String> TARGETS = List.of("/", "/purchase_a_sword", "/purchase_item?item=sword",
            "/purchase_item?item=shield", "/purchase_item", "/join_guild?guild_id=1", "/join_guild?guild_id=a",
            "/join_guild");

    private final Duration duration;
    private final Connector connector;
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

    /** @param duration the longest warm-up (it ends sooner once the compilers settle); zero: none, ready at once */
    WarmUp(Duration duration) {
        this.duration = duration;
        boolean enabled = !duration.isZero();
        this.connector = enabled ? new Connector() : null;
        if (enabled) {
            connector.setPort(0);
            connector.setProperty("address", InetAddress.getLoopbackAddress().getHostAddress());
            connector.setProperty("maxKeepAliveRequests", "-1");
        }
        this.health = enabled ? Health.down().withDetail("reason", "warm-up not started").build() : Health.up().build();
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (connector != null) {
            factory.addAdditionalTomcatConnectors(connector);
        }
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

    /**
     * Whether the request came over the warm-up connector (so its event must not be sent). The
     * service port can never be that port: both are bound at once, on the same host.
     */
    boolean isWarmUpRequest(HttpServletRequest request) {
        int warmUpPort = connectorPort;
        return warmUpPort > 0 && request.getLocalPort() == warmUpPort;
    }

    /** The warm-up connector's port while the warm-up runs, -1 otherwise. */
    int port() {
        return open ? connectorPort : -1;
    }

    @Override
    public Health health() {
        return health;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (connector == null || connectorPort != -1) {
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
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            int first = i;
            Thread client = new Thread(() -> drive(first, deadline, stop), "warm-up-client-" + i);
            client.setDaemon(true);
            client.start();
            clients.add(client);
        }
        long compiling = -1;
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
            LOG.info("Warm-up done: {} requests in {} ms, {}; the API is ready once Kafka is", answered.get(), millis,
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
            Thread.sleep(Math.max(1, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
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

    /** One keep-alive connection sending the routes in turn until the deadline; any failure ends it. */
    private void drive(int first, long deadline, AtomicBoolean stop) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), connectorPort)) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            List<byte[]> requests = TARGETS.stream().map(target -> ("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "User-Agent: gamepipe-warm-up\r\nAccept: */*\r\n\r\n").getBytes(StandardCharsets.US_ASCII)).toList();
            for (int i = first; !stop.get() && System.nanoTime() < deadline; i++) {
                out.write(requests.get(i % requests.size()));
                out.flush();
                readResponse(in);
                answered.incrementAndGet();
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
