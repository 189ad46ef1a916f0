package dev.txmq.arquillian.ledger;

import java.io.IOException;

import jakarta.annotation.Resource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.txmq.api.Publisher;
import dev.txmq.api.PublisherFactory;

/**
 * {@code POST /ledger?run=RUN&count=N} sends entries 0..N-1 of a run to {@value Entry#QUEUE}, each
 * committed at once (no transaction); {@code GET /ledger} answers how many handler attempts failed.
 */
@WebServlet("/ledger")
public class LedgerServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Resource(lookup = "java:comp/env/txmq/PublisherFactory")
    private PublisherFactory messaging;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) {
        String run = request.getParameter("run");
        int count = Integer.parseInt(request.getParameter("count"));
        try (Publisher publisher = messaging.createPublisher()) {
            for (int seq = 0; seq < count; seq++) {
                publisher.send(Entry.QUEUE, new Entry(run, seq));
            }
        }
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.getWriter().print(LedgerHandler.FAILURES.get());
    }
}
