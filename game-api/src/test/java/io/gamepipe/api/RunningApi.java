package io.gamepipe.api;

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
        return new RunningApi(new SpringApplicationBuilder(GameApiApplication.class).run(args.toArray(String[]::new)));
    }

    int port() {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    int managementPort() {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.management.port"));
    }

    @Override
    public void close() {
        context.close();
    }
}
