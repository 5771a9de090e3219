package io.gamepipe.api;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request whose event is on its way to Kafka: the container thread has gone back to the pool,
 * and whichever comes first answers it, once: Kafka's acknowledgement (200), Kafka's refusal
 * (503), the container's timeout at the send timeout (503), or the client going away (no answer).
 * The flag is the "answered" mark: a response is never touched after it was completed, since
 * the container recycles it for another request.
 */
final class PendingAnswer extends AtomicBoolean implements EventPublisher.Verdict, AsyncListener {

    static final String EVENT_ID_HEADER = "X-Event-Id";
    static final String TEXT = "text/plain;charset=UTF-8";
    static final byte[] NOT_RECORDED = "\nEvent not recorded, please retry\n".getBytes(StandardCharsets.UTF_8);
    private static final Logger LOG = LoggerFactory.getLogger(PendingAnswer.class);

    private final AsyncContext async;
    private final String eventId;
    private final byte[] body;

    /** Starts asynchronous handling of the request; {@code body} is the 200 answer. */
    PendingAnswer(AsyncContext async, long timeoutMillis, String eventId, byte[] body) {
        this.async = async;
        this.eventId = eventId;
        this.body = body;
        async.setTimeout(timeoutMillis);
        async.addListener(this);
    }

    @Override
    public void acknowledged() {
        if (compareAndSet(false, true)) {
            HttpServletResponse response = (HttpServletResponse) async.getResponse();
            response.setHeader(EVENT_ID_HEADER, eventId);
            answer(response, HttpServletResponse.SC_OK, body);
        }
    }

    @Override
    public void notRecorded() {
        if (compareAndSet(false, true)) {
            answerNotRecorded();
        }
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        if (compareAndSet(false, true)) {
            answerNotRecorded();
        }
    }

    @Override
    public void onError(AsyncEvent event) {
        // The client went away: the container ends the request; Kafka's verdict finds it answered.
        set(true);
    }

    @Override
    public void onComplete(AsyncEvent event) {
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }

    private void answerNotRecorded() {
        HttpServletResponse response = (HttpServletResponse) async.getResponse();
        response.setHeader("Retry-After", "1");
        answer(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, NOT_RECORDED);
    }

    /** Fills the container's buffer (a few dozen bytes, no socket write here) and hands the request back. */
    private void answer(HttpServletResponse response, int status, byte[] content) {
        try {
            response.setStatus(status);
            response.setContentType(TEXT);
            response.setContentLength(content.length);
            response.getOutputStream().write(content);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not answer the request of event {}: {}", eventId, e.toString());
        } finally {
            async.complete();
        }
    }
}
