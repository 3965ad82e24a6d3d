package org.imnm.fhir.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Raw HTTP for what the generic client hides: headers, status codes, malformed bodies. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private final String base;

    public Http(String base) {
        this.base = base;
    }

    public HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    public HttpResponse<String> post(String path, String body, String... headers) {
        return send(request(path, headers).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> put(String path, String body, String... headers) {
        return send(request(path, headers).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> delete(String path, String... headers) {
        return send(request(path, headers).DELETE());
    }

    public HttpResponse<String> send(HttpRequest.Builder builder) {
        try {
            return CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<byte[]> sendBytes(HttpRequest.Builder builder) {
        try {
            return CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path, String... headers) {
        String url = path.startsWith("http") ? path : base + (path.startsWith("/") ? path : "/" + path);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.replace("|", "%7C")));
        boolean hasContentType = false;
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
            hasContentType |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (!hasContentType) b.header("Content-Type", "application/fhir+json");
        return b;
    }
}
