package dev.platform.demo.orders;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** This service's view of a user: only what an order needs. */
@JsonIgnoreProperties(ignoreUnknown = true)
record Customer(String id, String name, String email) {
}
