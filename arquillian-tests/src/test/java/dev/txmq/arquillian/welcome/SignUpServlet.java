package dev.txmq.arquillian.welcome;

import java.io.IOException;

import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code POST /signup?id=USER[&sendFirst=true | &jpa=true]} registers a user; 204 once its transaction committed. */
@WebServlet("/signup")
public class SignUpServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @EJB
    private SignUp signUp;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (Boolean.parseBoolean(request.getParameter("jpa"))) {
            signUp.registerWithJpa(request.getParameter("id"));
        } else {
            signUp.register(request.getParameter("id"), Boolean.parseBoolean(request.getParameter("sendFirst")));
        }
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }
}
