package io.gamepipe.embedded;

import java.util.concurrent.CountDownLatch;

/**
 * What every service main shares: announce readiness with one {@code READY <endpoint>} line on
 * standard output (the launcher waits for it), then serve until the JVM is asked to stop, and
 * stop the service cleanly on the way out.
 */
final class ServiceRunner {

    private ServiceRunner() {
    }

    static int serveUntilStopped(String endpoint, AutoCloseable service) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.close();
            } catch (Exception e) {
                System.err.println("error while stopping: " + e);
            } finally {
                stopped.countDown();
            }
        }, "gamepipe-stop"));
        System.out.println("READY " + endpoint);
        System.out.flush();
        stopped.await();
        return 0;
    }
}
