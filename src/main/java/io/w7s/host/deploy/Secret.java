package io.w7s.host.deploy;

/**
 * One secret on its way to an app's {@code env}.
 *
 * @param name   the name on {@code env}
 * @param value  never logged, never shown
 * @param source where it came from, for messages: ".dev.vars line 3", "host environment variable W7S_SECRET_..."
 */
record Secret(String name, String value, String source) {
    /** Without the value. */
    @Override
    public String toString() {
        return "Secret[" + name + " from " + source + "]";
    }
}
