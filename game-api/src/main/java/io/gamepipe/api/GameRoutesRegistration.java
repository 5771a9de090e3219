package io.gamepipe.api;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** {@link GameRoutes} in Tomcat's filter chain, first, for the four routes' exact paths only. */
@Configuration(proxyBeanMethods = false)
class GameRoutesRegistration {

    @Bean
    GameRoutes gameRoutes(GameRules rules, EventEncoder encoder, EventPublisher publisher, WarmUp warmUp) {
        return new GameRoutes(rules, encoder, publisher, warmUp);
    }

    @Bean
    FilterRegistrationBean<GameRoutes> gameRoutesFilter(GameRoutes routes) {
        FilterRegistrationBean<GameRoutes> registration = new FilterRegistrationBean<>(routes);
        registration.addUrlPatterns(GameRoutes.HOME, GameRoutes.PURCHASE_SWORD, GameRoutes.PURCHASE_ITEM,
                GameRoutes.JOIN_GUILD);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE); // ahead of Spring's own filters, which it does not need
        registration.setAsyncSupported(true); // the answer comes from Kafka's I/O thread
        return registration;
    }
}
