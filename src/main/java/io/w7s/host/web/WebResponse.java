package io.w7s.host.web;

import java.nio.charset.StandardCharsets;

/**
 * An HTTP response produced by an app or by the platform.
 *
 * @param body   the entity bytes, or null for no body (or a streamed one)
 * @param stream the entity as a stream the app is still producing, or null; at most one of
 *               {@code body} and {@code stream} is set
 */
public record WebResponse(int status, String statusText, Headers headers, byte[] body, BodyStream stream) {
    public WebResponse(int status, String statusText, Headers headers, byte[] body) {
        this(status, statusText, headers, body, null);
    }

    public static WebResponse text(int status, String text) {
        return new WebResponse(status, "", Headers.builder().add("content-type", "text/plain;charset=UTF-8").build(),
                text.getBytes(StandardCharsets.UTF_8));
    }

    /** A platform-made error in the documented shape {@code {"error":{"code","message"}}}. */
    public static WebResponse error(int status, String code, String message) {
        return error(status, code, message, null);
    }

    /** Same, with a {@code "stack"} beside code and message when {@code stack} is not null (development only). */
    public static WebResponse error(int status, String code, String message, String stack) {
        String json = "{\"error\":{\"code\":" + Json.quote(code) + ",\"message\":" + Json.quote(message)
                + (stack == null ? "" : ",\"stack\":" + Json.quote(stack)) + "}}";
        return new WebResponse(status, "", Headers.builder()
                .add("content-type", "application/json")
                .build(), json.getBytes(StandardCharsets.UTF_8));
    }
}
