package io.gamepipe.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventSchemaTest {

    @Test
    void headersAreNamedAsTheApiNamesThem() {
        EventSchema.FIELDS.stream().filter(EventSchema.Field::header)
                .forEach(f -> assertThat(HeaderNames.canonical(f.name())).isEqualTo(f.name()));
        assertThat(EventSchema.FIELDS.stream().filter(EventSchema.Field::header).map(EventSchema.Field::name))
                .containsExactlyElementsOf(EventSchema.KNOWN_HEADERS);
    }

    @Test
    void onlyTheEventTypeIsRequiredAndEveryParameterFieldIsKnown() {
        assertThat(EventSchema.FIELDS.stream().filter(EventSchema.Field::required).map(EventSchema.Field::name))
                .containsExactly(EventFields.EVENT_TYPE);
        for (EventType type : EventType.values()) {
            type.parameterField().ifPresent(field -> assertThat(EventSchema.field(field)).isPresent());
        }
        assertThat(EventSchema.field(EventFields.GUILD_ID).orElseThrow().type())
                .isEqualTo(EventSchema.JsonType.NUMBER_OR_STRING);
        assertThat(EventSchema.field("X-Unknown")).isEmpty();
    }
}
