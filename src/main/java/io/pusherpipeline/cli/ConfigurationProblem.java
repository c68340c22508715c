package io.pusherpipeline.cli;

/** The configuration or the command line cannot work; the message says what to change. Exit code 2. */
public class ConfigurationProblem extends RuntimeException {

    public ConfigurationProblem(String message) {
        super(message);
    }

    public ConfigurationProblem(String message, Throwable cause) {
        super(message, cause);
    }
}
