package io.gamepipe.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventTypeTest {

    @Test
    void originalDatasetNamesAreKept() {
        assertThat(EventType.datasetFor("default")).isEqualTo("default_hits");
        assertThat(EventType.datasetFor("purchase_sword")).isEqualTo("sword_purchases");
        assertThat(EventType.datasetFor("purchase_item")).isEqualTo("item_purchases");
        assertThat(EventType.datasetFor("join_guild")).isEqualTo("guild_joins");
    }

    @Test
    void unknownTypesGoToTheUnmappedDataset() {
        assertThat(EventType.datasetFor("open_chest")).isEqualTo("other_events");
        assertThat(EventType.fromWireName("open_chest")).isEmpty();
    }

    @Test
    void parameterFieldsFollowTheOriginalMunger() {
        assertThat(EventType.DEFAULT.parameterField()).isEmpty();
        assertThat(EventType.PURCHASE_ITEM.parameterField()).contains("item");
        assertThat(EventType.JOIN_GUILD.parameterField()).contains("guild_id");
    }
}
