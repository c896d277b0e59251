package dev.platform.it;

import java.util.concurrent.CompletableFuture;

import dev.platform.events.EventsAutoConfiguration;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.core.task.TaskExecutor;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small service as a team would write it, used by the integration tests. Spring AMQP and H2 are on the test
 * class path, the events schema is not: it uses no events, so it leaves their auto-configuration out (its startup
 * check would fail on the missing outbox table).
 */
@SpringBootApplication(exclude = EventsAutoConfiguration.class)
@EnableAsync
@EnableScheduling
public class ObservabilityTestApplication {

	public static void main(String[] args) {
		SpringApplication.run(ObservabilityTestApplication.class, args);
	}

	@RestController
	static class SampleController {

		private static final Logger logger = LoggerFactory.getLogger(SampleController.class);

		private final AsyncWork asyncWork;

		private final JdbcTemplate jdbcTemplate;

		SampleController(AsyncWork asyncWork, JdbcTemplate jdbcTemplate) {
			this.asyncWork = asyncWork;
			this.jdbcTemplate = jdbcTemplate;
		}

		@GetMapping("/hello")
		String hello() {
			logger.info("hello handled");
			return "hello";
		}

		@GetMapping("/items/{id}")
		String item(@PathVariable String id) {
			return id;
		}

		@GetMapping("/users/{userId}/orders/{orderId}")
		String order(@PathVariable String userId, @PathVariable String orderId) {
			return userId + "/" + orderId;
		}

		@GetMapping("/async")
		String async() {
			return this.asyncWork.run().join();
		}

		@GetMapping("/db")
		Integer db() {
			return this.jdbcTemplate.queryForObject("select count(*) from information_schema.tables", Integer.class);
		}

		@GetMapping("/boom")
		String boom() {
			throw new IllegalStateException("internal detail that must not reach the client");
		}

		@GetMapping("/search")
		String search(@RequestParam String q) {
			return q;
		}

		@PostMapping("/notes")
		int note(@RequestBody Note note) {
			return note.text().length();
		}

		@PostMapping("/text")
		int text(@RequestBody String text) {
			return text.length();
		}

		@PostMapping("/form")
		int form(@RequestParam String text) {
			return text.length();
		}

		@GetMapping("/conflict")
		String conflict() {
			throw new ErrorResponseException(HttpStatus.CONFLICT);
		}

	}

	record Note(String text) {
	}

	@Service
	static class AsyncWork {

		private final ObservationRegistry registry;

		AsyncWork(ObservationRegistry registry) {
			this.registry = registry;
		}

		@Async
		CompletableFuture<String> run() {
			return CompletableFuture.completedFuture(
					Observation.createNotStarted("async-work", this.registry).observe(() -> "done"));
		}

	}

	@Service
	static class ScheduledWork {

		private final TaskExecutor executor;

		private final ObservationRegistry registry;

		ScheduledWork(@Qualifier("applicationTaskExecutor") TaskExecutor executor, ObservationRegistry registry) {
			this.executor = executor;
			this.registry = registry;
		}

		@Scheduled(fixedDelay = 200)
		void poll() {
			this.executor.execute(() -> Observation.createNotStarted("scheduled-child", this.registry).observe(() -> {
			}));
		}

	}

}
