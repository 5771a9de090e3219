package io.gamepipe.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The game's routes. GET and HEAD (Spring answers HEAD with the GET handler), as Flask did. */
@RestController
class GameController {

    static final MediaType TEXT = MediaType.parseMediaType(PendingAnswer.TEXT);

    private final GameRules rules;
    private final EventEncoder encoder;
    private final EventPublisher publisher;
    private final WarmUp warmUp;

    GameController(GameRules rules, EventEncoder encoder, EventPublisher publisher, WarmUp warmUp) {
        this.rules = rules;
        this.encoder = encoder;
        this.publisher = publisher;
        this.warmUp = warmUp;
    }

    @GetMapping("/")
    void home(HttpServletRequest request, HttpServletResponse response) {
        record(request, response, rules.home());
    }

    @GetMapping("/purchase_a_sword")
    void purchaseSword(HttpServletRequest request, HttpServletResponse response) {
        record(request, response, rules.purchaseSword());
    }

    @GetMapping("/purchase_item")
    void purchaseItem(HttpServletRequest request, HttpServletResponse response) {
        record(request, response, rules.purchaseItem(QueryParameters.first(request.getQueryString(), "item")));
    }

    @GetMapping("/join_guild")
    void joinGuild(HttpServletRequest request, HttpServletResponse response) {
        record(request, response, rules.joinGuild(QueryParameters.first(request.getQueryString(), "guild_id")));
    }

    /**
     * Sends the event and leaves the answer to {@link PendingAnswer}: 200 once Kafka has the event,
     * 503 otherwise. The container thread does not wait for Kafka (it returns to the pool at once);
     * the answer is written straight to the response: no message converter, no content
     * negotiation (so no Accept header can turn it into a 406).
     */
    private void record(HttpServletRequest request, HttpServletResponse response, Outcome outcome) {
        String eventId = UUID.randomUUID().toString();
        byte[] event = encoder.encode(outcome, each -> forEachHeader(request, each), eventId, System.currentTimeMillis());
        PendingAnswer answer = new PendingAnswer(request.startAsync(request, response), publisher.sendTimeoutMillis(),
                eventId, outcome.bodyBytes());
        if (warmUp.isWarmUpRequest(request)) {
            warmUp.publish(outcome.type(), eventId, event, answer); // to the warm-up's topic, never to the events topic
        } else {
            publisher.publish(outcome.type(), eventId, event, answer);
        }
    }

    private static void forEachHeader(HttpServletRequest request, BiConsumer<String, String> each) {
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements(); ) {
                each.accept(name, values.nextElement());
            }
        }
    }
}
