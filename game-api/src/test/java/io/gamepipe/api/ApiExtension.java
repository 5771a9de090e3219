package io.gamepipe.api;

import io.gamepipe.embedded.junit.KafkaExtension;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The API for a whole test class, on the class's broker. Register it after the broker:
 * <pre>{@code @RegisterExtension @Order(2) static final ApiExtension API = new ApiExtension(KAFKA, "k=v");}</pre>
 */
final class ApiExtension implements BeforeAllCallback, AfterAllCallback {

    private final KafkaExtension kafka;
    private final String[] properties;
    private RunningApi api;

    ApiExtension(KafkaExtension kafka, String... properties) {
        this.kafka = kafka;
        this.properties = properties;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        api = RunningApi.start(kafka.bootstrapServers(), properties);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (api != null) {
            api.close();
        }
    }

    int port() {
        return api.port();
    }

    int managementPort() {
        return api.managementPort();
    }

    RunningApi api() {
        return api;
    }
}
