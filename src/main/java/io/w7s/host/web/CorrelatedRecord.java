package io.w7s.host.web;

import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * A log record that says which deployment and which request it is about, so the JSON log can give them
 * as fields. Its message stays what the text log prints (an app's lines each with their
 * {@code [owner/repo@env]} prefix); {@link #text} is the same without that decoration.
 */
public class CorrelatedRecord extends LogRecord {
    private final String deployment;
    private final transient Correlation correlation;
    private final String text;

    /**
     * @param message     the message as the text log prints it
     * @param deployment  the deployment's label ({@code owner/repo@environment}), or null when none is meant
     * @param correlation the request the work belongs to, or null (background work, host-made requests)
     * @param text        the message without its per-line decoration, for the JSON log (null: the message)
     */
    public CorrelatedRecord(Level level, String logger, String message, String deployment, Correlation correlation, String text) {
        super(level, message);
        setLoggerName(logger);
        this.deployment = deployment;
        this.correlation = correlation;
        this.text = text;
    }

    public String deployment() {
        return deployment;
    }

    public Correlation correlation() {
        return correlation;
    }

    public String text() {
        return text;
    }
}
