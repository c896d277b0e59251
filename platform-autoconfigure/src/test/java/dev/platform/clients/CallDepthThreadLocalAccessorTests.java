package dev.platform.clients;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The call depth in a context snapshot, as Boot's task decorator takes one: the task sees the request's depth, and
 * the pool's thread is left as it was.
 */
class CallDepthThreadLocalAccessorTests {

	private final ExecutorService pool = Executors.newSingleThreadExecutor();

	@AfterEach
	void stop() {
		this.pool.shutdownNow();
		CallsPerRequest.end();
	}

	@Test
	void isFoundThroughTheServiceLoaderAsContextPropagationLooksAccessorsUp() {
		assertThat(ContextRegistry.getInstance().getThreadLocalAccessors())
			.anySatisfy((accessor) -> assertThat(accessor).isInstanceOf(CallDepthThreadLocalAccessor.class));
	}

	@Test
	void aTaskSeesTheRequestsDepthAndThePoolThreadKeepsNothing() throws Exception {
		ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().build();
		CallsPerRequest.begin(3);
		ContextSnapshot snapshot = snapshots.captureAll();
		CallsPerRequest.end();
		assertThat(CallsPerRequest.outboundDepth()).isEqualTo(1);

		assertThat(this.pool.submit(snapshot.wrap(CallsPerRequest::outboundDepth)).get()).isEqualTo(4);
		assertThat(this.pool.submit(CallsPerRequest::outboundDepth).get()).isEqualTo(1);

		// A thread that works for a request itself (a caller-runs executor) gets its own depth back after the task.
		this.pool.submit(() -> CallsPerRequest.depth(5)).get();
		assertThat(this.pool.submit(snapshot.wrap(CallsPerRequest::outboundDepth)).get()).isEqualTo(4);
		assertThat(this.pool.submit(CallsPerRequest::outboundDepth).get()).isEqualTo(6);
		this.pool.submit(() -> CallsPerRequest.depth(null)).get();
	}

}
