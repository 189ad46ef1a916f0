package dev.txmq.crash.app;

import java.io.IOException;

import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /orders?id=ID} places an order ({@link Orders#place}): 204 once its transaction committed,
 * 500 otherwise, with the exception and its causes, one {@code class: message} a line (a failure at commit
 * reaches the servlet wrapped by the container; the txmq exception is among its causes).
 * With {@code &kill=PID&at=POINT} the broker process PID is killed at that {@link BrokerKiller.Point} of the
 * commit (the failover tests); with {@code &poison=true} only a message that {@link PoisonConsumer} refuses is sent.
 * {@code GET /orders} answers 204: the tests' sign that the app is deployed.
 */
@WebServlet("/orders")
public class OrdersServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @EJB
    private Orders orders;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            String brokerPid = request.getParameter("kill");
            if (Boolean.parseBoolean(request.getParameter("poison"))) {
                orders.poison(request.getParameter("id"));
            } else if (brokerPid == null) {
                orders.place(request.getParameter("id"));
            } else {
                orders.placeKillingBroker(request.getParameter("id"), Long.parseLong(brokerPid),
                        BrokerKiller.Point.valueOf(request.getParameter("at")));
            }
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        } catch (RuntimeException e) {
            response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                response.getWriter().println(cause);
            }
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }
}
