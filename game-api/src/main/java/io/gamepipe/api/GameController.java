package io.gamepipe.api;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The game's routes. GET and HEAD (Spring answers HEAD with the GET handler), as Flask did. */
@RestController
class GameController {

    /** Tells the client which event its request became, so that it can be traced in the topic. */
    static final String EVENT_ID_HEADER = "X-Event-Id";
    static final MediaType TEXT = new MediaType(MediaType.TEXT_PLAIN, java.nio.charset.StandardCharsets.UTF_8);

    private final GameRules rules;
    private final EventEncoder encoder;
    private final EventPublisher publisher;
    private final Clock clock = Clock.systemUTC();

    GameController(GameRules rules, EventEncoder encoder, EventPublisher publisher) {
        this.rules = rules;
        this.encoder = encoder;
        this.publisher = publisher;
    }

    @GetMapping("/")
    ResponseEntity<String> home(HttpServletRequest request) {
        return record(request, rules.home());
    }

    @GetMapping("/purchase_a_sword")
    ResponseEntity<String> purchaseSword(HttpServletRequest request) {
        return record(request, rules.purchaseSword());
    }

    @GetMapping("/purchase_item")
    ResponseEntity<String> purchaseItem(HttpServletRequest request) {
        return record(request, rules.purchaseItem(QueryParameters.first(request.getQueryString(), "item")));
    }

    @GetMapping("/join_guild")
    ResponseEntity<String> joinGuild(HttpServletRequest request) {
        return record(request, rules.joinGuild(QueryParameters.first(request.getQueryString(), "guild_id")));
    }

    /** Writes the event and answers only once Kafka has it; {@link EventNotRecordedException} becomes a 503. */
    private ResponseEntity<String> record(HttpServletRequest request, Outcome outcome) {
        String eventId = UUID.randomUUID().toString();
        byte[] event = encoder.encode(outcome, encoder.keptHeaders(headers(request)), eventId, clock.instant());
        publisher.publish(outcome.type(), eventId, event);
        // The Content-Type is set here so that no Accept header can turn the answer into a 406.
        return ResponseEntity.ok().header(EVENT_ID_HEADER, eventId).contentType(TEXT).body(outcome.body());
    }

    private static List<Map.Entry<String, String>> headers(HttpServletRequest request) {
        List<Map.Entry<String, String>> all = new ArrayList<>();
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements(); ) {
                all.add(Map.entry(name, values.nextElement()));
            }
        }
        return all;
    }
}
