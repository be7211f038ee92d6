package dev.stowage.server.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The debug address ({@code http.debug.addr}): the Prometheus scrape at the configured path
 * ({@code /metrics} by default) and {@code /debug/health}, on their own small server so that a
 * busy API never starves them.
 */
public final class DebugServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;

    /**
     * A debug server, not yet started.
     *
     * @param host the interface, or null for every interface
     * @param port the port, 0 for a free one
     * @param metricsPath where the scrape is served, or empty for no metrics
     * @param health what is wrong with the storage, when anything is
     */
    public DebugServer(String host, int port, Optional<String> metricsPath, PrometheusMeterRegistry meters,
                       Supplier<Optional<String>> health) {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("stowage-debug");
        server = new Server(threads);
        connector = new ServerConnector(server, 1, 1);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String path = Request.getPathInContext(request);
                if (metricsPath.isPresent() && path.equals(metricsPath.get())) {
                    send(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8", meters.scrape());
                } else if (path.equals("/debug/health")) {
                    Optional<String> problem = health.get();
                    send(response, callback, problem.isEmpty() ? 200 : 503, "application/json; charset=utf-8",
                            Health.body(problem));
                } else {
                    send(response, callback, 404, "text/plain; charset=utf-8", "not found\n");
                }
                return true;
            }
        });
    }

    private static void send(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }

    public void start() throws Exception {
        server.start();
    }

    /** The bound port. */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
