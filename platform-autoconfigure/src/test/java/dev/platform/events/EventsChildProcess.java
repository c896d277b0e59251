package dev.platform.events;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs {@link EventsTestApplication} in a separate JVM, so the reliability tests can kill a real process.
 * Mode {@code consume}: run until halted. Mode {@code produce}: commit one event, print its id, wait to be killed.
 */
final class EventsChildProcess {

	static final String COMMITTED = "COMMITTED ";

	private EventsChildProcess() {
	}

	public static void main(String[] args) throws Exception {
		String mode = args[0];
		String[] properties = java.util.Arrays.copyOfRange(args, 1, args.length);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(EventsTestApplication.class)
			.properties(properties)
			.run();
		if ("produce".equals(mode)) {
			Events events = context.getBean(Events.class);
			UUID id = context.getBean(TransactionTemplate.class)
				.execute((status) -> events.publish("order.created", "order-crash", Map.of("total", 99)));
			System.out.println(COMMITTED + id);
			System.out.flush();
		}
		Thread.currentThread().join();
	}

	static Process start(String mode, List<String> properties, Path log, String... systemProperties)
			throws IOException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path")));
		command.addAll(List.of(systemProperties));
		command.add(EventsChildProcess.class.getName());
		command.add(mode);
		command.addAll(properties);
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(Redirect.to(log.toFile())).start();
	}

}
