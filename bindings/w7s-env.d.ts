// Types of the W7S bindings on `env`, for TypeScript backends.
// Reference this file (or copy it) in your app:  /// <reference path="./w7s-env.d.ts" />

/** A service binding: same signature as the global fetch. */
interface Fetcher {
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
}

/** What W7S injects into every JavaScript/TypeScript native backend. */
interface W7sEnv {
  /** Internal service binding to the W7S control plane: fetch("https://w7s.internal/api/v1/rpc/<owner>/<repo>/<path>"). */
  W7S_RPC: Fetcher;
  /** Secret that proves which deployment is calling; send it as `authorization: Bearer <token>` and nowhere else. */
  W7S_RPC_TOKEN: string;
  /** GitHub owner of this deployment, e.g. "w7s-io". */
  W7S_OWNER: string;
  /** Repository name, e.g. "example-rpc-client". */
  W7S_REPO: string;
  /** "owner/repo". */
  W7S_REPOSITORY: string;
  /** "production", or the branch environment this deployment runs in. */
  W7S_ENVIRONMENT: string;
}

/** Your app's env: W7S bindings plus the string `vars` of your w7s.json. Extend it: `interface Env { API_BASE: string }`. */
interface Env extends W7sEnv {}

/** The third argument of fetch(request, env, ctx). */
interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
}
