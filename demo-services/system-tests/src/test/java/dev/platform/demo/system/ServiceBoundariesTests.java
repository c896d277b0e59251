package dev.platform.demo.system;

import java.nio.file.Path;
import java.util.List;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule the demo must visibly follow: no service uses another service's classes; shared code comes only from
 * the starter (and, for tests, from demo-services/test-support, which no service's main code may use). Reads the
 * compiled classes of all five modules (main and test), so a copy-pasted import fails the build.
 */
class ServiceBoundariesTests {

	private static final List<String> SERVICES = List.of("users", "orders", "payments", "shipping", "gateway");

	private static final String TEST_SUPPORT = "dev.platform.demo.testing..";

	private static JavaClasses allServices() {
		Path[] roots = SERVICES.stream()
			.flatMap((name) -> java.util.stream.Stream.of(Path.of("..", name, "target/classes"),
					Path.of("..", name, "target/test-classes")))
			.filter(java.nio.file.Files::isDirectory)
			.toArray(Path[]::new);
		return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
			.importPaths(roots);
	}

	@Test
	void noServiceDependsOnAnotherService() {
		JavaClasses classes = allServices();
		assertThat(classes.stream().map((c) -> c.getPackageName()).distinct())
			.as("classes of every service were imported")
			.contains(SERVICES.stream().map((name) -> "dev.platform.demo." + name).toArray(String[]::new));
		// The services' tests share a stand-in for the users service (demo-services/test-support); it is no service.
		slices().matching("dev.platform.demo.(*)..")
			.should()
			.notDependOnEachOther()
			.ignoreDependency(DescribedPredicate.alwaysTrue(), resideInAPackage(TEST_SUPPORT))
			.check(classes);
	}

	@Test
	void onlyTestsUseTheTestSupport() {
		JavaClasses mainClasses = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
			.importPaths(SERVICES.stream()
				.map((name) -> Path.of("..", name, "target/classes"))
				.filter(java.nio.file.Files::isDirectory)
				.toArray(Path[]::new));
		assertThat(mainClasses).isNotEmpty();
		noClasses().should().dependOnClassesThat().resideInAPackage(TEST_SUPPORT).check(mainClasses);
	}

	@Test
	void servicesUseOnlyThePublicApiOfTheStarter() {
		// Implementation packages of the starter (outbox, consumer internals, broker, AMQP plumbing) are not API.
		noClasses().that()
			.resideInAPackage("dev.platform.demo..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.platform.events.outbox..", "dev.platform.events.consumer..",
					"dev.platform.events.amqp..", "dev.platform.events.broker..")
			.check(allServices());
	}

}
