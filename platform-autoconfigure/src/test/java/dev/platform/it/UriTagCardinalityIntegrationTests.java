package dev.platform.it;

import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ids never become tag values: ten thousand distinct-id requests and a thousand 404 probes leave a handful
 * of {@code uri} values.
 */
@SpringBootTest(classes = ObservabilityTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.application.name=cardinality-it", "spring.datasource.url=jdbc:h2:mem:cardinality-it",
				"management.tracing.export.enabled=false" })
class UriTagCardinalityIntegrationTests {

	/** Routes of the test application that the requests below hit. */
	static final int ROUTES = 3;

	@LocalServerPort
	int port;

	@Test
	void distinctIdsAndNotFoundProbesLeaveAtMostRoutesPlusFourUriValues() {
		String base = "http://127.0.0.1:" + this.port;
		for (int i = 0; i < 5_000; i++) {
			assertThat(Http.get(base + "/items/" + UUID.randomUUID()).statusCode()).isEqualTo(200);
			assertThat(Http.get(base + "/users/" + i + "/orders/" + (i * 7)).statusCode()).isEqualTo(200);
		}
		for (int i = 0; i < 1_000; i++) {
			assertThat(Http.get(base + "/probe/" + UUID.randomUUID() + "/wp-login.php").statusCode()).isEqualTo(404);
		}
		assertThat(Http.get(base + "/hello").statusCode()).isEqualTo(200);
		Set<String> uris = uriValues(Http.get(base + "/actuator/prometheus").body());
		assertThat(uris).hasSizeLessThanOrEqualTo(ROUTES + 4).contains("/items/{id}", "/users/{userId}/orders/{orderId}");
		assertThat(uris).noneMatch((uri) -> uri.matches(".*[0-9a-f]{8}-.*") || uri.contains("wp-login"));
		// The probes are not a route: NOT_FOUND, not the static resource handler's catch-all pattern.
		assertThat(uris).contains("NOT_FOUND").doesNotContain("/**");
	}

	static Set<String> uriValues(String scrape) {
		Set<String> uris = new TreeSet<>();
		Matcher matcher = Pattern.compile("http_server_requests_seconds_count\\{[^}]*uri=\"([^\"]*)\"").matcher(scrape);
		while (matcher.find()) {
			uris.add(matcher.group(1));
		}
		return uris;
	}

}
