package io.gamepipe.local;

import io.gamepipe.embedded.FreePorts;
import java.util.List;
import java.util.Optional;

/** Checks, before anything starts, that every port a component will bind is free. */
final class PortCheck {

    /** A port a component binds, and how the user moves it elsewhere. */
    record Port(Component component, int number, String purpose, String option, String envVar) {
    }

    private PortCheck() {
    }

    static void requireFree(List<Port> ports) {
        for (Port port : ports) {
            if (port.number() < 1 || port.number() > 65535) {
                throw new GamepipeException(GamepipeException.USAGE, "invalid " + port.purpose() + " port " + port.number()
                        + ": choose one between 1 and 65535 with " + port.option() + " PORT");
            }
        }
        for (int i = 0; i < ports.size(); i++) {
            for (int j = i + 1; j < ports.size(); j++) {
                if (ports.get(i).number() == ports.get(j).number()) {
                    throw new GamepipeException(GamepipeException.USAGE, "port " + ports.get(i).number() + " is given to both the "
                            + ports.get(i).purpose() + " (" + ports.get(i).option() + ") and the " + ports.get(j).purpose()
                            + " (" + ports.get(j).option() + "): give each its own port");
                }
            }
        }
        firstTaken(ports).ifPresent(message -> {
            throw new GamepipeException(message);
        });
    }

    /** What to tell the user about the first of {@code ports} that another program holds, if any. */
    static Optional<String> firstTaken(List<Port> ports) {
        return ports.stream().filter(port -> FreePorts.isTaken(port.number())).findFirst()
                .map(port -> "port " + port.number() + " (" + port.purpose() + ") is already in use by another program.\n"
                        + "Stop that program, or choose another port: " + port.option() + " PORT, or " + port.envVar() + "=PORT.");
    }
}
