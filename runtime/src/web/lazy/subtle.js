// Lazy bundle "subtle": crypto.subtle (SubtleCrypto, CryptoKey), on the host's SubtleHost (JCA).
export { SubtleCrypto, CryptoKey, createSubtle } from "../../host/subtle.js";
