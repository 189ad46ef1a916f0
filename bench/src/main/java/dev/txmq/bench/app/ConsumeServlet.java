package dev.txmq.bench.app;

import java.io.IOException;
import java.io.PrintWriter;

import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * W3's helpers. {@code POST /consume?action=preload&contender=&count=}: sends {@code count} orders to
 * the contender's input queue, in transactions of 500 (the MDBs are stopped meanwhile).
 * {@code GET /consume?action=latencies&contender=}: the delivery latencies recorded since the last call,
 * one per line (microseconds).
 */
@WebServlet("/consume")
public class ConsumeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int BATCH = 500;

    @EJB
    Work work;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String contender = request.getParameter("contender");
        int count = Integer.parseInt(request.getParameter("count"));
        String queue = switch (contender) {
            case "txmq" -> TxmqConsumer.IN;
            case "builtin" -> BuiltinConsumer.IN;
            default -> BaselineConsumer.IN;
        };
        String sender = contender.equals("txmq") ? "txmq" : "builtin";
        for (int from = 0; from < count; from += BATCH) {
            work.preload(sender, "W3-" + contender, from, Math.min(BATCH, count - from), queue);
        }
        response.setContentType("text/plain");
        response.getWriter().println(count + " " + queue);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        PrintWriter out = response.getWriter();
        StringBuilder lines = new StringBuilder();
        for (Long micros : ConsumeStats.take(request.getParameter("contender"))) {
            lines.append(micros).append('\n');
        }
        out.print(lines);
    }
}
