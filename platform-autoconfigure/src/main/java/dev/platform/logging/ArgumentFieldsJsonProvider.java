package dev.platform.logging;

import java.util.Collection;

import ch.qos.logback.classic.spi.ILoggingEvent;
import net.logstash.logback.argument.StructuredArgument;
import net.logstash.logback.composite.loggingevent.ArgumentsJsonProvider;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.util.JsonGeneratorDelegate;

/**
 * The structured arguments' fields ({@code kv("order", id)}), each named like one of the line's own fields
 * ({@code kv("level", x)}) written as {@code arg_<name>}, as MDC entries and key-value pairs of those names are
 * written as {@code mdc_<name>} and {@code kv_<name>}: a line never has a name twice.
 */
final class ArgumentFieldsJsonProvider extends ArgumentsJsonProvider {

	static final String PREFIX = "arg_";

	private final Collection<String> reserved;

	ArgumentFieldsJsonProvider(Collection<String> reserved) {
		this.reserved = reserved;
	}

	@Override
	public void writeTo(JsonGenerator generator, ILoggingEvent event) {
		// Most events have no structured argument: no wrapper for them.
		super.writeTo(hasStructuredArgument(event) ? new Renaming(generator, this.reserved) : generator, event);
	}

	private static boolean hasStructuredArgument(ILoggingEvent event) {
		Object[] arguments = event.getArgumentArray();
		if (arguments != null) {
			for (Object argument : arguments) {
				if (argument instanceof StructuredArgument) {
					return true;
				}
			}
		}
		return false;
	}

	/** Renames a reserved name written directly into the line's object; names deeper down stay. */
	private static final class Renaming extends JsonGeneratorDelegate {

		private final Collection<String> reserved;

		Renaming(JsonGenerator delegate, Collection<String> reserved) {
			super(delegate, true);
			this.reserved = reserved;
		}

		@Override
		public JsonGenerator writeName(String name) {
			return super.writeName(rename(name));
		}

		@Override
		public JsonGenerator writeName(SerializableString name) {
			String renamed = rename(name.getValue());
			return (renamed != name.getValue()) ? super.writeName(renamed) : super.writeName(name);
		}

		private String rename(String name) {
			TokenStreamContext context = streamWriteContext();
			TokenStreamContext parent = context.getParent();
			boolean topLevel = context.inObject() && parent != null && parent.inRoot();
			return (topLevel && this.reserved.contains(name)) ? PREFIX + name : name;
		}

	}

}
