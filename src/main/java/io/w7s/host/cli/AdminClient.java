package io.w7s.host.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.w7s.host.admin.AdminToken;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The admin API from the command line ({@code w7s deploy / ls / undeploy}): which host ({@code --host URL},
 * else {@code $W7S_ADMIN_URL}, else {@code http://127.0.0.1:8081}) and which token ({@code --token-file F},
 * else {@code $W7S_ADMIN_TOKEN}, else the host's default token file when it exists).
 */
final class AdminClient {
    static final String DEFAULT_URL = "http://127.0.0.1:8081";
    static final String OPTIONS_USAGE = """
              --host URL          the host's admin API (default $W7S_ADMIN_URL, else %s)
              --token-file F      the admin token (default $W7S_ADMIN_TOKEN, else ~/.local/state/w7s/admin-token if present)
            """.formatted(DEFAULT_URL);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private AdminClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** Consumes {@code --host} and {@code --token-file} from {@code args} (a mutable list). */
    static AdminClient from(List<String> args) throws CliException {
        String url = take(args, "--host");
        String tokenFile = take(args, "--token-file");
        if (url == null) url = System.getenv("W7S_ADMIN_URL");
        if (url == null || url.isBlank()) url = DEFAULT_URL;
        if (!url.startsWith("http://") && !url.startsWith("https://")) url = "http://" + url;
        String token = null;
        try {
            if (tokenFile != null) token = AdminToken.read(Path.of(tokenFile));
            else if (System.getenv("W7S_ADMIN_TOKEN") != null) token = System.getenv("W7S_ADMIN_TOKEN").strip();
            else if (Files.isReadable(AdminToken.defaultFile())) token = AdminToken.read(AdminToken.defaultFile());
        } catch (IOException e) {
            throw new CliException("admin token: " + e.getMessage());
        }
        return new AdminClient(URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url), token);
    }

    /** Removes {@code option VALUE} from args and returns VALUE, or null when absent. */
    static String take(List<String> args, String option) throws CliException {
        int i = args.indexOf(option);
        if (i < 0) return null;
        if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) throw CliException.usage(option + " needs a value");
        String value = args.get(i + 1);
        args.subList(i, i + 2).clear();
        return value;
    }

    static String deploymentPath(String repository, String environment) {
        return "/api/v1/deployments/" + repository + "?env=" + URLEncoder.encode(environment, StandardCharsets.UTF_8);
    }

    JsonNode get(String path) throws CliException {
        return send(request(path).GET());
    }

    JsonNode put(String path, Path body) throws CliException {
        try {
            return send(request(path).header("content-type", "application/gzip").PUT(HttpRequest.BodyPublishers.ofFile(body)));
        } catch (java.io.FileNotFoundException e) {
            throw new CliException(e.getMessage());
        }
    }

    JsonNode delete(String path) throws CliException {
        return send(request(path).DELETE());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(10));
        if (token != null) b.header("authorization", "Bearer " + token);
        return b;
    }

    /** The JSON answer of a 2xx; otherwise the host's error message as a {@link CliException}. */
    private JsonNode send(HttpRequest.Builder request) throws CliException {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CliException("no W7S admin API at " + base + " (is the host running? pass --host URL)");
        } catch (IOException e) {
            throw new CliException(base + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CliException(base + " answered " + response.statusCode() + " with something that is not JSON");
        }
        if (response.statusCode() / 100 != 2) {
            JsonNode error = body.path("error");
            throw new CliException(error.path("message").asText("the host answered " + response.statusCode())
                    + " (" + response.statusCode() + " " + error.path("code").asText() + ")");
        }
        return body;
    }
}
