package dev.platform.clients;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class ClientsWebAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ClientsWebAutoConfiguration.class));

	@Test
	void answersAnOpenBreakerWith503RetryAfterAndAProblemBody() throws Exception {
		MockMvc mvc = MockMvcBuilders.standaloneSetup(new FailingController())
			.setControllerAdvice(new DownstreamProblemAdvice())
			.build();
		mvc.perform(get("/open"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().string("Retry-After", "5"))
			.andExpect(content().contentTypeCompatibleWith("application/problem+json"))
			.andExpect(jsonPath("$.reason").value("circuit_open"))
			.andExpect(jsonPath("$.type").value(DownstreamProblemAdvice.TYPE.toString()))
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.not(
					org.hamcrest.Matchers.containsString("users"))));
	}

	@Test
	void roundsASubSecondRetryAfterUpToOneSecond() throws Exception {
		MockMvc mvc = MockMvcBuilders.standaloneSetup(new FailingController())
			.setControllerAdvice(new DownstreamProblemAdvice())
			.build();
		mvc.perform(get("/busy")).andExpect(status().isServiceUnavailable()).andExpect(header().string("Retry-After", "1"));
	}

	@Test
	void registersTheAdviceInAServletApplication() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(DownstreamProblemAdvice.class));
	}

	@Test
	void backsOffWhenTheUserDefinesTheAdvice() {
		this.runner.withBean("custom", DownstreamProblemAdvice.class, DownstreamProblemAdvice::new)
			.run((context) -> assertThat(context).getBeans(DownstreamProblemAdvice.class).containsOnlyKeys("custom"));
	}

	@RestController
	static class FailingController {

		@GetMapping("/open")
		String open() {
			throw new DownstreamCircuitOpenException("users", "users: circuit breaker is open", Duration.ofSeconds(5),
					null);
		}

		@GetMapping("/busy")
		String busy() {
			throw new DownstreamBusyException("users", "users: bulkhead full", Duration.ofMillis(200), null);
		}

	}

}
