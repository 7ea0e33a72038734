package io.w7s.host.web;

/**
 * An HTTP request as an app sees it.
 *
 * @param url  absolute URL, e.g. {@code http://nodepad.guerrerocarlos.localhost:8080/a?b=1}
 * @param body the entity bytes, or null when the request has none
 */
public record WebRequest(String method, String url, Headers headers, byte[] body) {
}
