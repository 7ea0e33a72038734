// Test-only bootstrap: the production main.js plus the host-glue exports on a global, so JUnit
// tests can call requestFromHost/responseToHost without the Java host glue. Never shipped.
import "../src/main.js";
import { requestFromHost, responseToHost } from "../src/web/index.js";

globalThis.__w7s_web = { requestFromHost, responseToHost };
