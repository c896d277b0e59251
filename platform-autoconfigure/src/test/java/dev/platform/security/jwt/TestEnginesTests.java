package dev.platform.security.jwt;

import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestEngine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Surefire's JUnit Platform provider runs every engine registered on the test classpath; this guards that the
 * jqwik engine, which runs {@link JwtTokenFuzzTests}, stays registered next to Jupiter.
 */
class TestEnginesTests {

	@Test
	void registersJupiterAndJqwikEngines() {
		assertThat(StreamSupport.stream(ServiceLoader.load(TestEngine.class).spliterator(), false)
			.map(TestEngine::getId)
			.collect(Collectors.toSet())).contains("junit-jupiter", "jqwik");
	}

}
