package io.gamepipe.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.head;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockAsyncContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;

/**
 * The HTTP contract of the controller and the error answers, without a server or a broker: the
 * real controller, rules, encoder and publisher, over Kafka's {@link MockProducer}. Status codes,
 * exact texts, headers, the event each answer sends, and that refused requests send none. The
 * delivery itself (acks, outages, the bytes in the topic) is tested against real brokers.
 */
@WebMvcTest(GameController.class)
@Import({GameControllerWebTest.Beans.class, GameRoutesRegistration.class})
class GameControllerWebTest {

    private static final String TOPIC = "events";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private MockMvc mvc;
    @Autowired
    private TestProducer producer;

    /** The controller's collaborators as the application builds them, the producer excepted. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Beans {
        @Bean
        TestProducer producer() {
            return new TestProducer();
        }

        @Bean
        GameRules gameRules() {
            return new GameRules(List.of("sword", "knife"));
        }

        @Bean
        WarmUp warmUp() {
            return new WarmUp(Duration.ZERO);
        }

        @Bean
        EventEncoder eventEncoder() {
            return new EventEncoder(List.of());
        }

        @Bean
        EventPublisher eventPublisher(TestProducer producer) {
            return new EventPublisher(producer, TOPIC, Duration.ofMillis(200), new SimpleMeterRegistry());
        }
    }

    /** Acknowledges every send at once, unless told to fail it or to leave it unanswered. */
    static final class TestProducer extends MockProducer<String, byte[]> {
        volatile boolean unanswered;
        volatile Callback lastCallback;

        TestProducer() {
            super(true, new StringSerializer(), new ByteArraySerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
            if (unanswered) {
                super.send(record, null); // recorded in history(), answered never
                lastCallback = callback;
                return new CompletableFuture<>();
            }
            return super.send(record, callback);
        }
    }

    @BeforeEach
    void aProducerThatAcknowledges() {
        producer.clear();
        producer.sendException = null;
        producer.unanswered = false;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "/                         | This is the default response | default        |",
        "/purchase_a_sword         | Sword Purchased!             | purchase_sword |",
        "/purchase_item            | Missing item                 | purchase_item  | item=missing",
        "/purchase_item?item=sword | Bought sword                 | purchase_item  | item=sword",
        "/purchase_item?item=shield| Invalid item                 | purchase_item  | item=invalid",
        "/join_guild               | Missing guild ID             | join_guild     | guild_id=missing",
        "/join_guild?guild_id=1    | Joined guild 1               | join_guild     | guild_id=1",
        "/join_guild?guild_id=a    | Invalid guild ID             | join_guild     | guild_id=invalid",
    })
    void eachRouteAnswersItsTextAndSendsOneEventUnderTheAnsweredId(String target, String text, String type, String parameter)
            throws Exception {
        MockHttpServletResponse response = perform(get(target).header("User-Agent", "curl/7.47.0"));

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentAsString()).isEqualTo("\n" + text + "\n");
        assertThat(response.getContentType()).isEqualTo("text/plain;charset=UTF-8");
        String eventId = response.getHeader("X-Event-Id");
        assertThat(producer.history()).hasSize(1);
        ProducerRecord<String, byte[]> sent = producer.history().get(0);
        assertThat(sent.topic()).isEqualTo(TOPIC);
        assertThat(sent.key()).as("record key").isEqualTo(eventId);
        Map<String, Object> event = fields(sent);
        assertThat(event).containsEntry("event_type", type).containsEntry("event_id", eventId)
                .containsEntry("User-Agent", "curl/7.47.0");
        if (parameter != null) {
            String[] field = parameter.split("=", 2);
            Object value = field[1].matches("\\d+") ? (Object) Integer.valueOf(field[1]) : field[1];
            assertThat(event).containsEntry(field[0], value);
        }
    }

    /** The empty body of HEAD is the server's doing (MockMvc keeps it): GameApiTest checks that on Tomcat. */
    @Test
    void headAnswersAndSendsTheEventOfGet() throws Exception {
        MockHttpServletResponse response = perform(head("/join_guild?guild_id=3"));

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(producer.history()).hasSize(1);
        assertThat(fields(producer.history().get(0))).containsEntry("guild_id", 3)
                .containsEntry("event_id", response.getHeader("X-Event-Id"));
    }

    @Test
    void anAcceptHeaderCannotRefuseTheAnswer() throws Exception {
        MockHttpServletResponse response = perform(get("/").header("Accept", "application/json"));

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentAsString()).isEqualTo("\nThis is the default response\n");
        assertThat(producer.history()).hasSize(1);
    }

    @Test
    void aFailedSendIsA503WithRetryAfter() throws Exception {
        producer.sendException = new KafkaException("broker gone");

        assertNotRecorded(perform(get("/purchase_a_sword")));
    }

    /**
     * MockMvc has no container timer: the test fires the timeout the container would fire at the
     * send timeout, on the listeners the request registered. Tomcat's own timer: KafkaOutageTest.
     */
    @Test
    void aSendNotAcknowledgedInTimeIsA503WithRetryAfter() throws Exception {
        producer.unanswered = true;
        MvcResult result = mvc.perform(get("/join_guild?guild_id=1")).andReturn();
        MockAsyncContext async = (MockAsyncContext) result.getRequest().getAsyncContext();
        assertThat(result.getRequest().isAsyncStarted()).as("waiting for Kafka, not answered yet").isTrue();
        assertThat(async.getTimeout()).as("the send timeout").isEqualTo(200);

        for (AsyncListener listener : async.getListeners()) {
            listener.onTimeout(new AsyncEvent(async));
        }

        assertNotRecorded(result.getResponse());
        assertThat(producer.history()).as("the send was made, Kafka never answered").hasSize(1);
    }

    @Test
    void kafkasLateAnswerAfterTheTimeoutIsIgnored() throws Exception {
        producer.unanswered = true;
        MvcResult result = mvc.perform(get("/")).andReturn();
        MockAsyncContext async = (MockAsyncContext) result.getRequest().getAsyncContext();
        for (AsyncListener listener : async.getListeners()) {
            listener.onTimeout(new AsyncEvent(async));
        }

        producer.lastCallback.onCompletion(null, null);

        assertNotRecorded(result.getResponse());
    }

    @ParameterizedTest(name = "GET {0} -> 404")
    @CsvSource({"/nope", "/purchase_item/", "/error", "/actuator/health"})
    void anUnknownPathIsA404WithoutEvent(String target) throws Exception {
        MockHttpServletResponse response = perform(get(target));

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getContentAsString()).isEqualTo("\nNot found\n");
        assertThat(response.getContentType()).startsWith("text/plain");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void anotherMethodIsA405ThatListsGetAndHeadWithoutEvent() throws Exception {
        for (RequestBuilder request : List.of(post("/"), put("/purchase_item"), delete("/join_guild?guild_id=1"))) {
            MockHttpServletResponse response = perform(request);

            assertThat(response.getStatus()).isEqualTo(405);
            assertThat(response.getContentAsString()).isEqualTo("\nMethod not allowed\n");
            assertThat(response.getContentType()).startsWith("text/plain");
            assertThat(response.getHeader("Allow")).contains("GET").contains("HEAD");
        }
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void optionsListsTheMethodsWithoutEvent() throws Exception {
        MockHttpServletResponse response = perform(options("/purchase_item"));

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeader("Allow")).contains("GET").contains("HEAD");
        assertThat(producer.history()).isEmpty();
    }

    private void assertNotRecorded(MockHttpServletResponse response) throws Exception {
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("1");
        assertThat(response.getContentAsString()).isEqualTo("\nEvent not recorded, please retry\n");
        assertThat(response.getHeader("X-Event-Id")).as("no event id for an event not recorded").isNull();
    }

    private MockHttpServletResponse perform(RequestBuilder request) throws Exception {
        MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        return response;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fields(ProducerRecord<String, byte[]> record) throws Exception {
        return JSON.readValue(record.value(), Map.class);
    }
}
