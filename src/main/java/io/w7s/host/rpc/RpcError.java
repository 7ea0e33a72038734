package io.w7s.host.rpc;

import io.w7s.host.web.WebResponse;

/** Errors made by the platform (not by the target): JSON body plus {@code x-w7s-rpc-error: <code>}. */
final class RpcError {
    private RpcError() {
    }

    static WebResponse of(int status, String code, String message) {
        return of(status, code, message, null);
    }

    /** Same, with the target's stack ({@code "stack"} beside code and message) when not null: development only. */
    static WebResponse of(int status, String code, String message, String stack) {
        WebResponse e = WebResponse.error(status, code, message, stack);
        return new WebResponse(status, "", e.headers().toBuilder().add("x-w7s-rpc-error", code).build(), e.body());
    }
}
