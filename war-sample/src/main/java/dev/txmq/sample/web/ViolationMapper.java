package dev.txmq.sample.web;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Answers a request that breaks a Bean Validation constraint with 400 and a problem detail listing
 * each broken rule, e.g. {@code "item: must not be blank"}. Replaces RESTEasy's own mapper.
 */
@Provider
public class ViolationMapper implements ExceptionMapper<ConstraintViolationException> {

    @Context
    private UriInfo request;

    @Override
    public Response toResponse(ConstraintViolationException failure) {
        String instance = request.getRequestUri().getPath();
        if (failure.getConstraintViolations().stream().anyMatch(ViolationMapper::ofReturnValue)) {
            return ProblemMapper.answer(new IllegalStateException("A response broke its constraints", failure), instance);
        }
        String detail = failure.getConstraintViolations().stream()
                .map(violation -> field(violation.getPropertyPath()) + ": " + violation.getMessage())
                .sorted().collect(Collectors.joining("; "));
        return Response.status(400).entity(Problems.invalidRequest(detail, instance)).type(Problem.MEDIA_TYPE).build();
    }

    private static boolean ofReturnValue(ConstraintViolation<?> violation) {
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }

    /** The path below the method parameter, e.g. "item"; "request body" for the parameter itself. */
    private static String field(Path path) {
        List<String> names = new ArrayList<>();
        boolean belowParameter = false;
        for (Path.Node node : path) {
            if (belowParameter) {
                names.add(node.getName());
            }
            belowParameter |= node.getKind() == ElementKind.PARAMETER;
        }
        return names.isEmpty() ? "request body" : String.join(".", names);
    }
}
