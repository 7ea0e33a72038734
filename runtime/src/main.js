// Bootstrap of every isolate: installs the Web platform globals, then hands the request
// dispatcher to the Java host. Evaluated once per GraalJS context as a classic script.
import { installWeb } from "./web/index.js";
import { installHost } from "./host/index.js";

const host = globalThis.__w7s_host;
delete globalThis.__w7s_host;

installWeb(globalThis, host);
installHost(globalThis, host);
