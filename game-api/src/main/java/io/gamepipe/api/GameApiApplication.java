package io.gamepipe.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The game API: HTTP requests in, one JSON event per request on Kafka, answered once Kafka has it. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GameApiApplication {

    public static void main(String[] args) {
        SpringApplication.run(GameApiApplication.class, args);
    }
}
