package io.gamepipe.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.gamepipe.events.EventType;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The answers and the parameter parsing, without HTTP or Kafka. */
class GameRulesTest {

    private final GameRules rules = new GameRules(List.of(" sword", "knife ", ""));

    @Test
    void allowedItemsComeFromConfigurationTrimmed() {
        assertThat(rules.purchaseItem("sword")).isEqualTo(new Outcome("\nBought sword\n", EventType.PURCHASE_ITEM, "sword"));
        assertThat(rules.purchaseItem("")).isEqualTo(new Outcome("\nInvalid item\n", EventType.PURCHASE_ITEM, "invalid"));
        assertThat(new GameRules(List.of("shield")).purchaseItem("shield").body()).isEqualTo("\nBought shield\n");
        assertThat(new GameRules(List.of("shield")).purchaseItem("sword").parameter()).isEqualTo("invalid");
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
        "0|0", "42|42", "+42|42", "-42|-42", "' 7\t'|7", "0000000000000000000012|12",
        "2147483647|2147483647", "-2147483648|-2147483648",
        "2147483648|", "-2147483649|", "99999999999|", "''|", "' '|", "+|", "-|", "+-1|", "1 2|",
        "1_000|", "1.0|", "0x1F|", "١|", "１|", "1e3|"})
    void guildIdsAreJavaInts(String text, Integer expected) {
        OptionalInt parsed = GameRules.parseGuildId(text);
        if (expected == null) {
            assertThat(parsed).isEmpty();
        } else {
            assertThat(parsed).hasValue(expected);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "item=sword|sword", "a=1&item=knife&item=x|knife", "item=|''", "item|''", "item=a+b|a b",
        "%69tem=sword|sword", "item=%E2%9A%94|⚔", "item=%zz|%zz", "item=%4|%4", "item=%FF|\uFFFD",
        "items=sword|", "&&item=a=b|a=b"})
    void queryParametersAreDecodedLikeWerkzeug(String query, String expected) {
        assertThat(QueryParameters.first(query, "item")).isEqualTo(expected);
    }

    @Test
    void anAbsentQueryHasNoParameter() {
        assertThat(QueryParameters.first(null, "item")).isNull();
        assertThat(QueryParameters.first("", "item")).isNull();
    }
}
