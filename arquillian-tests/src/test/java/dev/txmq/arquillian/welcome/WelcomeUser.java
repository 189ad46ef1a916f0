package dev.txmq.arquillian.welcome;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The user row of the sign-up, written through JPA (Hibernate flushes it at commit). */
@Entity
@Table(name = "welcome_users")
public class WelcomeUser {

    @Id
    private String id;
    private String email;

    protected WelcomeUser() {}

    public WelcomeUser(String id, String email) {
        this.id = id;
        this.email = email;
    }
}
