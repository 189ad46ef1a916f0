package dev.txmq.arquillian.publish;

import java.io.IOException;

import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /orders?bean=ejb|cdi&id=ID&queues=PREFIX&outcome=COMMIT|THROW|ROLLBACK_ONLY[&sendFirst=true]}
 * places an order through that bean; 204 when the transaction committed, 500 with the reason otherwise.
 */
@WebServlet("/orders")
public class OrdersServlet extends HttpServlet {

    @EJB
    private EjbOrders ejb;

    @Inject
    private CdiOrders cdi;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String id = request.getParameter("id");
        String queues = request.getParameter("queues");
        Outcome outcome = Outcome.valueOf(request.getParameter("outcome"));
        boolean sendFirst = Boolean.parseBoolean(request.getParameter("sendFirst"));
        try {
            if ("ejb".equals(request.getParameter("bean"))) {
                ejb.place(id, queues, outcome, sendFirst);
            } else {
                cdi.place(id, queues, outcome, sendFirst);
            }
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        } catch (RuntimeException e) {
            response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            response.getWriter().print(e);
        }
    }
}
