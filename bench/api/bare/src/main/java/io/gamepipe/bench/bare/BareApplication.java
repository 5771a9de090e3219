package io.gamepipe.bench.bare;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The game's URLs answered with fixed text by a plain Spring MVC controller: no event, no Kafka,
 * no headers read. The cost of the web stack alone, the floor the game API is compared with.
 */
@SpringBootApplication
@RestController
public class BareApplication {

    public static void main(String[] args) {
        SpringApplication.run(BareApplication.class, args);
    }

    @GetMapping("/")
    String home() {
        return "\nThis is the default response\n";
    }

    @GetMapping("/purchase_item")
    String purchaseItem(@RequestParam(required = false) String item) {
        return "sword".equals(item) || "knife".equals(item) ? "\nBought " + item + "\n" : "\nInvalid item\n";
    }

    @GetMapping("/join_guild")
    String joinGuild(@RequestParam(name = "guild_id", required = false) String guildId) {
        return "1".equals(guildId) ? "\nJoined guild 1\n" : "\nInvalid guild ID\n";
    }
}
