package dev.txmq.sample.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** JAX-RS under /api. */
@ApplicationPath("api")
public class SampleApplication extends Application {}
