package io.gamepipe.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeaderNamesTest {

    @ParameterizedTest
    @CsvSource({
        "user-agent, User-Agent",
        "USER-AGENT, User-Agent",
        "accept-encoding, Accept-Encoding",
        "host, Host",
        "x-b3-traceid, X-B3-Traceid",
        "dnt, Dnt",
        "x-forwarded-for, X-Forwarded-For",
        "cache-control, Cache-Control"
    })
    void titleCasesLikeWerkzeug(String sent, String expected) {
        assertThat(HeaderNames.canonical(sent)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"authorization", "AUTHORIZATION", "proxy-authorization", "cookie", "Cookie"})
    void credentialsAreRecognisedInAnyCase(String name) {
        assertThat(HeaderNames.isCredential(name)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"user-agent", "set-cookie", "x-authorization-hint"})
    void otherHeadersAreNotCredentials(String name) {
        assertThat(HeaderNames.isCredential(name)).isFalse();
    }
}
