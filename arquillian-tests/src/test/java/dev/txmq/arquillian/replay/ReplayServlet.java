package dev.txmq.arquillian.replay;

import java.util.Map;

import jakarta.annotation.Resource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.txmq.api.OutgoingMessage;
import dev.txmq.api.Publisher;
import dev.txmq.api.PublisherFactory;

/**
 * {@code POST /replay?run=RUN&count=N[&fail=KIND]} sends N orders to {@value ReplayHandler#QUEUE}, each
 * committed at once, failing as KIND says or, without it, half with sql, 30% timeout and 20% state;
 * {@code POST /replay?fix=KIND} switches failure KIND off.
 */
@WebServlet("/replay")
public class ReplayServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Resource(lookup = "java:comp/env/txmq/PublisherFactory")
    private PublisherFactory messaging;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) {
        String fix = request.getParameter("fix");
        if (fix != null) {
            ReplayHandler.BROKEN.remove(fix);
        } else {
            send(request.getParameter("run"), Integer.parseInt(request.getParameter("count")), request.getParameter("fail"));
        }
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    private void send(String run, int count, String fail) {
        try (Publisher publisher = messaging.createPublisher()) {
            for (int i = 0; i < count; i++) {
                String kind = fail != null ? fail : i % 10 < 5 ? "sql" : i % 10 < 8 ? "timeout" : "state";
                publisher.send(OutgoingMessage.to(ReplayHandler.QUEUE).body(Map.of("n", i))
                        .header("run", run).header("fail", kind).build());
            }
        }
    }
}
