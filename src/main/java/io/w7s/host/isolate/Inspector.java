package io.w7s.host.isolate;

import java.util.Map;

/**
 * Where the Chrome DevTools inspector listens ({@code w7s serve --inspect[=PORT]}). Every inspected
 * engine shares this one port, each on a path of its own, and all are listed at
 * {@code http://127.0.0.1:PORT/json/list} (what chrome://inspect reads).
 *
 * @param port the inspector's TCP port on the loopback interface
 */
public record Inspector(int port) {
    public static final int DEFAULT_PORT = 9229;
    /** Loopback only: whoever reaches the inspector can run code inside the app. */
    public static final String HOST = "127.0.0.1";

    public Inspector {
        if (port < 1 || port > 65535) throw new IllegalArgumentException("inspector port " + port + " is not between 1 and 65535");
    }

    /** One engine's endpoint on this inspector: {@code path} must be unpredictable (the inspector's own advice). */
    public Endpoint at(String path) {
        return new Endpoint(this, path);
    }

    /** One inspected engine: its web socket is {@code ws://127.0.0.1:PORT/PATH}. */
    public record Endpoint(Inspector inspector, String path) {
        /**
         * The engine options that start the inspector. Neither suspends: the host must keep serving
         * the other apps, and a deployment must load whether or not a debugger is attached.
         */
        Map<String, String> engineOptions() {
            return Map.of(
                    "inspect", HOST + ":" + inspector.port(),
                    "inspect.Path", path,
                    "inspect.Suspend", "false",
                    "inspect.WaitAttached", "false");
        }

        public String webSocketUrl() {
            return "ws://" + HOST + ":" + inspector.port() + "/" + path;
        }

        /** Opens DevTools on this engine when pasted into Chrome's address bar. */
        public String devtoolsUrl() {
            return "devtools://devtools/bundled/js_app.html?ws=" + HOST + ":" + inspector.port() + "/" + path;
        }
    }
}
