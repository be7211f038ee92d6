package dev.stowage.server.http;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.NanoTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per answered request on the {@code dev.stowage.server.access} logger: client, user,
 * request line, status, bytes sent, time taken and user agent, in the combined log format the Go
 * registry's access log uses, plus the duration.
 */
final class AccessLog implements RequestLog {

    private static final Logger LOG = LoggerFactory.getLogger("dev.stowage.server.access");

    @Override
    public void log(Request request, Response response) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        Object subject = request.getAttribute(ApiHandler.SUBJECT);
        long millis = NanoTime.millisSince(request.getHeadersNanoTime());
        String agent = request.getHeaders().get("User-Agent");
        LOG.info("{} - {} \"{} {} {}\" {} {} {}ms \"{}\"", Request.getRemoteAddr(request),
                subject == null ? "-" : subject, request.getMethod(), request.getHttpURI().getPathQuery(),
                request.getConnectionMetaData().getProtocol(), response.getStatus(),
                Response.getContentBytesWritten(response), millis, agent == null ? "-" : agent);
    }
}
