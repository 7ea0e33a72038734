package io.w7s.host.rpc;

import io.w7s.host.web.WebResponse;

/** Errors made by the platform (not by the target): JSON body plus {@code x-w7s-rpc-error: <code>}. */
final class RpcError {
    private RpcError() {
    }

    static WebResponse of(int status, String code, String message) {
        WebResponse e = WebResponse.error(status, code, message);
        return new WebResponse(status, "", e.headers().toBuilder().add("x-w7s-rpc-error", code).build(), e.body());
    }
}
