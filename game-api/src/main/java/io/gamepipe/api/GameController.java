package io.gamepipe.api;

import static io.gamepipe.api.GameRoutes.HOME;
import static io.gamepipe.api.GameRoutes.JOIN_GUILD;
import static io.gamepipe.api.GameRoutes.PURCHASE_ITEM;
import static io.gamepipe.api.GameRoutes.PURCHASE_SWORD;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The game's routes as Spring MVC knows them. GET and HEAD (Spring answers HEAD with the GET
 * handler), as Flask did, are served by {@link GameRoutes} before the request reaches Spring MVC;
 * these mappings give every other method its 405 with the Allow header, and OPTIONS its answer.
 * A GET that does reach them (a path Spring MVC decodes or strips to a route) is answered the same way.
 */
@RestController
class GameController {

    static final MediaType TEXT = MediaType.parseMediaType(PendingAnswer.TEXT);

    private final GameRoutes routes;

    GameController(GameRoutes routes) {
        this.routes = routes;
    }

    @GetMapping({HOME, PURCHASE_SWORD, PURCHASE_ITEM, JOIN_GUILD})
    void answer(HttpServletRequest request, HttpServletResponse response) {
        String route = (String) request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        routes.record(request, response, routes.outcome(request, route));
    }
}
