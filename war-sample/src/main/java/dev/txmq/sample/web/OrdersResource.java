package dev.txmq.sample.web;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code POST /api/orders {"item":"book","quantity":1}} places an order: {@code {"orderId":"..."}}. */
@Path("orders")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class OrdersResource {

    @Inject
    private OrderBook orders;

    public record NewOrder(@NotBlank @Size(max = 200) String item, @Min(1) @Max(1000) int quantity) {}

    public record Placed(String orderId) {}

    @POST
    public Placed place(@NotNull @Valid NewOrder order) {
        return new Placed(orders.place(order.item(), order.quantity()));
    }
}
