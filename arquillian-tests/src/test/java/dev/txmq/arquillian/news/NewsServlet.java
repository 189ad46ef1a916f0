package dev.txmq.arquillian.news;

import java.io.IOException;
import java.time.LocalDateTime;
import java.util.stream.Collectors;

import jakarta.annotation.Resource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.txmq.api.OutgoingMessage;
import dev.txmq.api.PublisherFactory;

/**
 * {@code POST /news?ownerId=&title=&saltAddicted=&registeredAt=&correlationId=[&fail=]} publishes a
 * news item to {@value NewsEvents#NEWS}, outside any transaction (so at once), and answers its message id.
 * {@code GET /news?attempts=ID} answers when each delivery of message ID began, in milliseconds,
 * comma-separated.
 */
@WebServlet("/news")
public class NewsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Resource(lookup = "java:comp/env/txmq/PublisherFactory")
    private PublisherFactory messaging;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.getWriter().print(Attempts.of(request.getParameter("attempts")).stream().map(String::valueOf)
                .collect(Collectors.joining(",")));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        News news = new News(request.getParameter("ownerId"), request.getParameter("title"),
                Boolean.parseBoolean(request.getParameter("saltAddicted")),
                LocalDateTime.parse(request.getParameter("registeredAt")));
        OutgoingMessage.Builder message = OutgoingMessage.to(NewsEvents.NEWS).body(news)
                .correlationId(request.getParameter("correlationId"));
        String fail = request.getParameter("fail");
        if (fail != null) {
            message.header("fail", fail);
        }
        try (var publisher = messaging.createPublisher()) {
            response.getWriter().print(publisher.send(message.build()));
        }
    }
}
