package io.pusherpipeline.events;

/** Why one event (or the whole input, index -1) is refused: the field and the rule it breaks. */
public record EventProblem(int index, String field, String rule) {

    @Override
    public String toString() {
        return (index < 0 ? "input" : "event " + index) + ", " + field + ": " + rule;
    }
}
