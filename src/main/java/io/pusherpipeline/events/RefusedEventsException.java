package io.pusherpipeline.events;

import java.util.List;
import java.util.stream.Collectors;

/** Input refused before anything was sent: every problem found, one per line. */
public class RefusedEventsException extends RuntimeException {

    private final transient List<EventProblem> problems;

    public RefusedEventsException(String source, List<EventProblem> problems) {
        super("Refused " + source + " (nothing of it was sent):" + System.lineSeparator()
                + problems.stream().map(EventProblem::toString).collect(Collectors.joining(System.lineSeparator())));
        this.problems = List.copyOf(problems);
    }

    public List<EventProblem> problems() {
        return problems;
    }
}
