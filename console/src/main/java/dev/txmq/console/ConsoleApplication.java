package dev.txmq.console;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The console's JSON endpoints, under {@code /txmq-console/api}; the page at {@code /txmq-console/} uses them too. */
@ApplicationPath("api")
public class ConsoleApplication extends Application {}
