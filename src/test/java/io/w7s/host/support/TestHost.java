package io.w7s.host.support;

import io.w7s.host.AppSource;
import io.w7s.host.Host;
import io.w7s.host.HostConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real host on a free port, and a real HTTP client that addresses apps by Host header
 * (surefire sets {@code jdk.httpclient.allowRestrictedHeaders=host}).
 */
public final class TestHost implements AutoCloseable {
    public static final Path TEST_APPS = Path.of("src/test/apps").toAbsolutePath();

    private final Host host;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestHost(HostConfig config) {
        this.host = Host.start(config);
    }

    public static TestHost start(List<AppSource> apps) {
        return new TestHost(HostConfig.of(apps).withPort(0));
    }

    public static TestHost start(HostConfig config) {
        return new TestHost(config.withPort(0));
    }

    /** Serves the given folders of src/test/apps in production. */
    public static TestHost serving(String... folders) {
        return start(java.util.Arrays.stream(folders)
                .map(f -> new AppSource(TEST_APPS.resolve(f), "production", null)).toList());
    }

    public Host host() {
        return host;
    }

    public int port() {
        return host.port();
    }

    /**
     * A request builder aimed at {@code http://<hostName>:<port><path>}. Its timeout only bounds a
     * test that fails (a request that never gets an answer); it is generous, so that cold code on a
     * busy machine is not taken for a failure.
     */
    public HttpRequest.Builder request(String hostName, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .header("Host", hostName + ":" + port())
                .timeout(Duration.ofSeconds(60));
    }

    public HttpResponse<String> get(String hostName, String path) {
        return send(request(hostName, path).GET().build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<byte[]> sendBytes(HttpRequest request) {
        return send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return client.send(request, body);
        } catch (IOException e) {
            throw new RuntimeException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
    }

    public HttpClient client() {
        return client;
    }

    @Override
    public void close() {
        host.close();
    }
}
