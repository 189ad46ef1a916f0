package dev.txmq.crash.app;

import java.io.IOException;

import jakarta.annotation.Resource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.txmq.api.Queues;
import dev.txmq.api.ReplayResult;
import dev.txmq.api.Selection;

/** {@code POST /replay?queue=DLQ.x} replays every dead letter of DLQ.x and answers "matched moved kept". */
@WebServlet("/replay")
public class ReplayServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Resource(lookup = "java:comp/env/txmq/Queues")
    private Queues queues;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ReplayResult result = queues.replay(Selection.of(request.getParameter("queue")));
        response.getWriter().print(result.matched() + " " + result.moved() + " " + result.keptAtReplayCap());
    }
}
