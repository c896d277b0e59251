package dev.platform.security.jwt;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public paths match as their patterns say; the literal-prefix shortcut never changes an answer.
 */
class PublicPathsTests {

	static final List<String> PATTERNS = List.of("/actuator/health", "/actuator/health/**", "/docs/{page}",
			"/files/*.txt", "/v?/status", "/");

	private final PublicPaths paths = new PublicPaths(PATTERNS);

	@Test
	void theDefaultsMoveWithTheActuatorBasePathAndTheDispatcherServletPath() {
		assertThat(PublicPaths.defaultsUnder("/actuator", "/")).isEqualTo(JwtProperties.DEFAULT_PUBLIC_PATHS);
		assertThat(PublicPaths.defaultsUnder("/manage", "/")).containsExactly("/manage/health", "/manage/health/**",
				"/manage/info", "/manage/prometheus");
		assertThat(PublicPaths.defaultsUnder("/", "")).containsExactly("/health", "/health/**", "/info", "/prometheus");
		assertThat(PublicPaths.defaultsUnder("/actuator/", "/api/*")).containsExactly("/api/actuator/health",
				"/api/actuator/health/**", "/api/actuator/info", "/api/actuator/prometheus");
		assertThat(PublicPaths.defaultsUnder("manage", "api")).startsWith("/api/manage/health");
	}

	@Test
	void matchesExactAndPatternPaths() {
		assertThat(this.paths.matches("/actuator/health")).isTrue();
		assertThat(this.paths.matches("/actuator/health/liveness")).isTrue();
		assertThat(this.paths.matches("/docs/intro")).isTrue();
		assertThat(this.paths.matches("/files/notes.txt")).isTrue();
		assertThat(this.paths.matches("/v1/status")).isTrue();
		assertThat(this.paths.matches("/")).isTrue();
	}

	@Test
	void pathsSharingAPrefixButNotThePatternAreNotPublic() {
		assertThat(this.paths.matches("/actuator/healthz")).isFalse();
		assertThat(this.paths.matches("/docs/intro/more")).isFalse();
		assertThat(this.paths.matches("/files/notes.pdf")).isFalse();
		assertThat(this.paths.matches("/v12/status")).isFalse();
		assertThat(this.paths.matches("/orders")).isFalse();
		assertThat(this.paths.matches("/Actuator/health")).isFalse();
	}

	@Test
	void answersAsThePatternsAloneWould() {
		List<PathPattern> patterns = PATTERNS.stream().map(PathPatternParser.defaultInstance::parse).toList();
		for (String path : List.of("/actuator/health", "/actuator/health/", "/actuator/health/a/b", "/actuator",
				"/actuator/healthz", "/docs/", "/docs/a", "/docs/a/", "/files/.txt", "/files/a.txt", "/v/status",
				"/vx/status", "/", "", "/orders", "//actuator/health", "/actuator//health")) {
			PathContainer container = PathContainer.parsePath(path);
			assertThat(this.paths.matches(path)).as(path)
				.isEqualTo(patterns.stream().anyMatch((pattern) -> pattern.matches(container)));
		}
	}

	@Test
	void theLiteralPrefixEndsAtTheFirstWildcardOrVariable() {
		assertThat(PublicPaths.literalPrefix("/actuator/health/**")).isEqualTo("/actuator/health/");
		assertThat(PublicPaths.literalPrefix("/docs/{page}")).isEqualTo("/docs/");
		assertThat(PublicPaths.literalPrefix("/v?/status")).isEqualTo("/v");
		assertThat(PublicPaths.literalPrefix("/actuator/info")).isEqualTo("/actuator/info");
	}

}
