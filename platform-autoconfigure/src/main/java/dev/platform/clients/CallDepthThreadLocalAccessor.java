package dev.platform.clients;

import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * Carries the inbound request's call depth to the thread that runs a task for it, wherever Micrometer's context
 * propagation runs (Boot's executors and schedulers with the starter's task decorator, Reactor): a platform client
 * called from an {@code @Async} method or the application task executor sends the request's depth plus one, as it
 * would from the request's own thread. Registered through {@code META-INF/services}.
 */
public final class CallDepthThreadLocalAccessor implements ThreadLocalAccessor<Integer> {

	/** The key of the depth in a context snapshot. */
	public static final String KEY = "platform.call-depth";

	@Override
	public Object key() {
		return KEY;
	}

	@Override
	public @Nullable Integer getValue() {
		return CallsPerRequest.depth();
	}

	@Override
	public void setValue(Integer value) {
		CallsPerRequest.depth(value);
	}

	@Override
	public void setValue() {
		CallsPerRequest.depth(null);
	}

}
