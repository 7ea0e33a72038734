// The reusable RPC helper from the W7S contract. Copy this file into your app and import it:
//   import { callW7s } from "./w7s-rpc";
//   const response = await callW7s(env, "guerrerocarlos/auth", "/session");
type W7sRpcEnv = {
  W7S_RPC: Fetcher;
  W7S_RPC_TOKEN: string;
};
export const callW7s = (
  env: W7sRpcEnv,
  target: `${string}/${string}`,
  path: `/${string}`,
  init: RequestInit = {}
) => {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${env.W7S_RPC_TOKEN}`);
  return env.W7S_RPC.fetch(
    `https://w7s.internal/api/v1/rpc/${target}${path}`,
    {
      ...init,
      headers
    }
  );
};
