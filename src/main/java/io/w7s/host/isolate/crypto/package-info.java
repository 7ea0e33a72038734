/**
 * WebCrypto ({@code crypto.subtle}) for the isolates, on the JDK's JCA. {@link SubtleHost} is the one
 * object the lazy {@code subtle} runtime bundle talks to; keys stay in Java behind opaque
 * {@link KeyHandle}s, only bytes and strings cross.
 */
package io.w7s.host.isolate.crypto;
