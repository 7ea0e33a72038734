// Test-only bootstrap: the production main.js plus internals on a global, so JUnit tests can call
// requestFromHost/responseToHost without the Java host glue, and check the URL fast path against
// the full parser (runtimeModule("url").basicURLParse). Never shipped.
import "../src/main.js";
import { requestFromHost, responseToHost } from "../src/web/index.js";
import { runtimeModule } from "../src/web/lazy.js";
import { fastParse, fastParseRelative, fastHref } from "../src/web/url/fast.js";

globalThis.__w7s_web = { requestFromHost, responseToHost, runtimeModule, fastParse, fastParseRelative, fastHref };
