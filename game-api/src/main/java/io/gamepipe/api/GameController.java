package io.gamepipe.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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

    /** Tells the client which event its request became, so that it can be traced in the topic. */
    static final String EVENT_ID_HEADER = "X-Event-Id";
    static final MediaType TEXT = new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);
    private static final String TEXT_VALUE = TEXT.toString();

    private final GameRules rules;
    private final EventEncoder encoder;
    private final EventPublisher publisher;

    GameController(GameRules rules, EventEncoder encoder, EventPublisher publisher) {
        this.rules = rules;
        this.encoder = encoder;
        this.publisher = publisher;
    }

    @GetMapping("/")
    void home(HttpServletRequest request, HttpServletResponse response) throws IOException {
        record(request, response, rules.home());
    }

    @GetMapping("/purchase_a_sword")
    void purchaseSword(HttpServletRequest request, HttpServletResponse response) throws IOException {
        record(request, response, rules.purchaseSword());
    }

    @GetMapping("/purchase_item")
    void purchaseItem(HttpServletRequest request, HttpServletResponse response) throws IOException {
        record(request, response, rules.purchaseItem(QueryParameters.first(request.getQueryString(), "item")));
    }

    @GetMapping("/join_guild")
    void joinGuild(HttpServletRequest request, HttpServletResponse response) throws IOException {
        record(request, response, rules.joinGuild(QueryParameters.first(request.getQueryString(), "guild_id")));
    }

    /**
     * Writes the event and answers only once Kafka has it; {@link EventNotRecordedException} becomes
     * a 503. The answer is written straight to the response: no message converter, no content
     * negotiation (so no Accept header can turn it into a 406), the same headers as before.
     */
    private void record(HttpServletRequest request, HttpServletResponse response, Outcome outcome) throws IOException {
        String eventId = UUID.randomUUID().toString();
        byte[] event = encoder.encode(outcome, each -> forEachHeader(request, each), eventId, System.currentTimeMillis());
        publisher.publish(outcome.type(), eventId, event);
        byte[] body = outcome.body().getBytes(StandardCharsets.UTF_8);
        response.setHeader(EVENT_ID_HEADER, eventId);
        response.setContentType(TEXT_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
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
