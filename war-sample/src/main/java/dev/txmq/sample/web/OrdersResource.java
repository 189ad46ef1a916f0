package dev.txmq.sample.web;

import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code POST /api/orders {"item":"book","quantity":1}} places an order. */
@Path("orders")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class OrdersResource {

    @Inject
    private OrderBook orders;

    public record NewOrder(String item, int quantity) {}

    @POST
    public Map<String, String> place(NewOrder order) {
        return Map.of("orderId", orders.place(order.item(), order.quantity()));
    }
}
