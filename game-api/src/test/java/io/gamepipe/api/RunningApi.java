package io.gamepipe.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The real application on free ports, pointed at a test broker; close() shuts it down gracefully. */
final class RunningApi implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private RunningApi(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** @param properties extra {@code key=value} settings, e.g. {@code gamepipe.events.send-timeout=2s} */
    static RunningApi start(String bootstrapServers, String... properties) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0", "--management.server.port=0",
                "--gamepipe.kafka.bootstrap-servers=" + bootstrapServers,
                "--gamepipe.kafka.health-interval=500ms"));
        for (String property : properties) {
            args.add("--" + property);
        }
        if (args.stream().noneMatch(arg -> arg.startsWith("--gamepipe.warm-up=") || arg.startsWith("--API_WARM_UP="))) {
            args.add("--gamepipe.warm-up=0s"); // ready as soon as Kafka is; WarmUpTest tests the warm-up
        }
        return new RunningApi(new SpringApplicationBuilder(GameApiApplication.class).run(args.toArray(String[]::new)));
    }

    int port() {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    int managementPort() {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.management.port"));
    }

    /** GET on the management port, e.g. {@code /actuator/health/readiness}. */
    HttpResponse<String> management(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + managementPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    int readinessStatus() throws IOException, InterruptedException {
        return management("/actuator/health/readiness").statusCode();
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
