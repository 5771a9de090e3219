package io.gamepipe.api;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves GET and HEAD of the game's four routes itself, ahead of Spring MVC: the request goes from
 * Tomcat's filter chain straight to the rules, the encoder and the producer, without handler
 * mapping, argument resolution, interceptors or Spring's other filters. Far less code runs per
 * request, so there is far less for the JIT to compile before the API is at full speed. Everything
 * else (other methods, OPTIONS, other paths) goes on to Spring MVC, where {@link GameController}
 * declares the same routes (for 405 with Allow, and OPTIONS) and {@link ErrorAnswers} gives the
 * error texts. Registered for the four exact paths in {@link GameRoutesRegistration}.
 */
final class GameRoutes implements Filter {

    static final String HOME = "/";
    static final String PURCHASE_SWORD = "/purchase_a_sword";
    static final String PURCHASE_ITEM = "/purchase_item";
    static final String JOIN_GUILD = "/join_guild";
    private static final byte[] INTERNAL_ERROR = "\nInternal error\n".getBytes(StandardCharsets.UTF_8);
    private static final Logger LOG = LoggerFactory.getLogger(GameRoutes.class);

    private final GameRules rules;
    private final EventEncoder encoder;
    private final EventPublisher publisher;
    private final WarmUp warmUp;

    GameRoutes(GameRules rules, EventEncoder encoder, EventPublisher publisher, WarmUp warmUp) {
        this.rules = rules;
        this.encoder = encoder;
        this.publisher = publisher;
        this.warmUp = warmUp;
        warmUp.sendRealEventsWith(publisher);
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        String method = request.getMethod();
        Outcome outcome = "GET".equals(method) || "HEAD".equals(method) ? outcome(request) : null;
        if (outcome == null) {
            chain.doFilter(request, response);
            return;
        }
        try {
            record(request, response, outcome);
        } catch (RuntimeException e) {
            if (request.isAsyncStarted()) {
                throw e; // the answer is PendingAnswer's now
            }
            LOG.error("Request failed", e);
            response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            response.setContentType(PendingAnswer.TEXT);
            response.setContentLength(INTERNAL_ERROR.length);
            response.getOutputStream().write(INTERNAL_ERROR);
        }
    }

    /**
     * The game's answer to the request, null for a path that is not one of the routes as sent: Tomcat's
     * mapping also takes "//join_guild" (which Spring answers 404), and a path Spring decodes or strips to a
     * route ("/join%5Fguild", "/purchase_a_sword;x=1") goes on to the controller.
     */
    private Outcome outcome(HttpServletRequest request) {
        return outcome(request, request.getRequestURI().substring(request.getContextPath().length()));
    }

    /** The game's answer to the request on {@code route}, null for a path that is not one of the routes. */
    Outcome outcome(HttpServletRequest request, String route) {
        return switch (route) {
            case HOME -> rules.home();
            case PURCHASE_SWORD -> rules.purchaseSword();
            case PURCHASE_ITEM -> rules.purchaseItem(QueryParameters.first(request.getQueryString(), "item"));
            case JOIN_GUILD -> rules.joinGuild(QueryParameters.first(request.getQueryString(), "guild_id"));
            default -> null;
        };
    }

    /**
     * Sends the event and leaves the answer to {@link PendingAnswer}: 200 once Kafka has the event,
     * 503 otherwise. The container thread does not wait for Kafka (it returns to the pool at once);
     * the answer is written straight to the response: no content negotiation (so no Accept header
     * can turn it into a 406).
     */
    void record(HttpServletRequest request, HttpServletResponse response, Outcome outcome) {
        String eventId = UUID.randomUUID().toString();
        byte[] event = encoder.encode(outcome, each -> forEachHeader(request, each), eventId, System.currentTimeMillis());
        PendingAnswer answer = new PendingAnswer(request.startAsync(request, response), publisher.sendTimeoutMillis(),
                eventId, outcome.bodyBytes());
        // The events topic, or the warm-up's for a warm-up request: picked without a branch, so the code
        // compiled during the warm-up is the code real requests run.
        EventPublisher target = warmUp.publisherFor(request);
        if (target != null) {
            target.publish(outcome.type(), eventId, event, answer);
        } else {
            warmUp.acknowledge(answer); // a warm-up request without a warm-up topic: never to the events topic
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
