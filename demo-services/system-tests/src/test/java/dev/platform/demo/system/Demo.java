package dev.platform.demo.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.platform.test.FreePorts;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A client of the demo through the gateway, as a user would call it. */
final class Demo {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String gateway;

	Demo(String gateway) {
		this.gateway = gateway;
	}

	record Response(int status, JsonNode body, HttpResponse<String> raw) {

		String header(String name) {
			return this.raw.headers().firstValue(name).orElse(null);
		}

	}

	Response call(String method, String path, String token, Object body, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.gateway + path))
			.timeout(Duration.ofSeconds(15))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))
					: HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		headers.forEach(request::header);
		try {
			HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
			boolean isJson = response.headers().firstValue("Content-Type").orElse("").contains("json");
			JsonNode json = (!isJson || response.body().isBlank()) ? JSON.nullNode() : JSON.readTree(response.body());
			return new Response(response.statusCode(), json, response);
		}
		catch (IOException ex) {
			throw new IllegalStateException(method + " " + path, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	Response get(String path, String token) {
		return call("GET", path, token, null, Map.of());
	}

	/** Registers a fresh user and returns a token. */
	String newUser() {
		String email = "u-" + UUID.randomUUID() + "@example.com";
		Response registered = call("POST", "/api/auth/register", null,
				Map.of("email", email, "password", "correct-horse-battery", "name", "Test Customer"), Map.of());
		if (registered.status() != 201) {
			throw new IllegalStateException("register: " + registered.raw().body());
		}
		Response login = call("POST", "/api/auth/login", null,
				Map.of("email", email, "password", "correct-horse-battery"), Map.of());
		return login.body().get("access_token").asString();
	}

	static Map<String, Object> order(String paymentMethod, String address) {
		return Map.of("items", java.util.List.of(Map.of("sku", "BOOK-1", "quantity", 2, "unitPrice", 12.5),
				Map.of("sku", "PEN-7", "quantity", 1, "unitPrice", 3.2)), "paymentMethod", paymentMethod,
				"shippingAddress", address);
	}

	/**
	 * A port that is free now and that no outgoing connection can take before a service binds it: below the
	 * kernel's ephemeral range ({@link FreePorts}). Five services start one after the other, and the ones already
	 * up open connections (to the broker, the OTLP receiver, each other).
	 */
	static int freePort() {
		return FreePorts.next();
	}

}
