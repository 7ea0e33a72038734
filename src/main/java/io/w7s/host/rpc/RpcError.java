package io.w7s.host.rpc;

import io.w7s.host.web.Json;
import io.w7s.host.web.WebResponse;

/** Errors made by the platform (not by the target): JSON body plus {@code x-w7s-rpc-error: <code>}. */
final class RpcError {
    private RpcError() {
    }

    static WebResponse of(int status, String code, String message) {
        WebResponse e = WebResponse.error(status, code, message);
        return new WebResponse(status, "", e.headers().toBuilder().add("x-w7s-rpc-error", code).build(), e.body());
    }

    /** Same, with the target's stack ({@code "stack"} beside code and message): development only. */
    static WebResponse of(int status, String code, String message, String stack) {
        String json = "{\"error\":{\"code\":" + Json.quote(code) + ",\"message\":" + Json.quote(message)
                + ",\"stack\":" + Json.quote(stack) + "}}";
        return new WebResponse(status, "", io.w7s.host.web.Headers.builder().add("content-type", "application/json")
                .add("x-w7s-rpc-error", code).build(), json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
