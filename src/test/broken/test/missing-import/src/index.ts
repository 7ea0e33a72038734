type Unused = string;

import { nothing } from "./does-not-exist";

export default { fetch: () => new Response(nothing) };
