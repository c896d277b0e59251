package dev.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's configuration reference lists every property the IDE metadata knows, so the two cannot drift.
 */
class ReadmeDocumentsEveryPropertyTests {

	@Test
	void everyPlatformPropertyIsInTheReadme() throws IOException {
		String readme = Files.readString(Path.of("..", "README.md"));
		JsonNode metadata = JsonMapper.builder()
			.build()
			.readTree(Files.readString(Path.of("target", "classes", "META-INF", "spring-configuration-metadata.json")));
		List<String> names = new ArrayList<>();
		metadata.get("properties").forEach((property) -> names.add(property.get("name").asString()));
		assertThat(names).hasSizeGreaterThan(30).contains("platform.environment", "platform.logging.format");
		assertThat(names).allSatisfy((name) -> assertThat(readme).as(name).contains("`" + name + "`"));
	}

}
