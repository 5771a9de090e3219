package io.gamepipe.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Short text answers for everything that is not a game answer; none of them writes an event. */
@RestControllerAdvice
class ErrorAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorAnswers.class);

    @ExceptionHandler({NoHandlerFoundException.class, NoResourceFoundException.class})
    ResponseEntity<String> notFound() {
        return text(HttpStatus.NOT_FOUND, "\nNot found\n");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<String> methodNotAllowed(HttpRequestMethodNotSupportedException e) {
        HttpHeaders headers = new HttpHeaders();
        Set<HttpMethod> supported = e.getSupportedHttpMethods();
        Set<HttpMethod> allowed = new LinkedHashSet<>(supported == null ? Set.of() : supported);
        if (allowed.contains(HttpMethod.GET)) {
            // Spring serves HEAD with every GET handler but does not list it.
            allowed.add(HttpMethod.HEAD);
        }
        headers.setAllow(allowed);
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).headers(headers)
                .contentType(GameController.TEXT).body("\nMethod not allowed\n");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<String> unexpected(Exception e) {
        LOG.error("Request failed", e);
        return text(HttpStatus.INTERNAL_SERVER_ERROR, "\nInternal error\n");
    }

    private static ResponseEntity<String> text(HttpStatus status, String body) {
        return ResponseEntity.status(status).contentType(GameController.TEXT).body(body);
    }
}
