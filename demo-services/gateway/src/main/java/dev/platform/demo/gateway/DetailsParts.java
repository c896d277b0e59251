package dev.platform.demo.gateway;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The optional parts of the order details (payment, shipment), fetched on a pool of their own: a few threads and a
 * short queue, so that a burst of details requests cannot queue fetches without limit in Boot's shared executor,
 * nor take its threads from whatever else uses it. A part is given up as unavailable when the pool and its queue are
 * full (at once), at its deadline, or, if it is still queued when its deadline passes, without ever being fetched:
 * nobody waits for it any more, and the services behind are spared the call.
 * <p>
 * Built from Boot's {@link ThreadPoolTaskExecutorBuilder}, which carries the starter's context-propagating task
 * decorator: a fetch stays in its request's trace and log context.
 */
final class DetailsParts implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(DetailsParts.class);

	private final ThreadPoolTaskExecutor executor;

	private final Duration deadline;

	DetailsParts(ThreadPoolTaskExecutorBuilder builder, int threads, int queue, Duration deadline) {
		if (threads < 1 || queue < 0) {
			throw new IllegalArgumentException("gateway.details.part-threads must be at least 1 and"
					+ " gateway.details.part-queue at least 0");
		}
		this.executor = builder.threadNamePrefix("details-part-")
			.corePoolSize(threads)
			.maxPoolSize(threads)
			.queueCapacity(queue)
			.allowCoreThreadTimeOut(true)
			.keepAlive(Duration.ofSeconds(60))
			.build();
		this.executor.initialize();
		this.deadline = deadline;
	}

	/**
	 * Fetches a part on the pool.
	 * @param name the part, for the log
	 * @param fetch the fetch
	 * @param unavailable what stands for the part when it is given up
	 * @param <T> the part's type
	 * @return the part, or {@code unavailable} when the pool is full or the deadline passes
	 */
	<T> CompletableFuture<T> fetch(String name, Supplier<T> fetch, T unavailable) {
		CompletableFuture<T> part = new CompletableFuture<>();
		try {
			this.executor.execute(() -> {
				if (part.isDone()) {
					return;
				}
				try {
					part.complete(fetch.get());
				}
				catch (Throwable ex) {
					part.completeExceptionally(ex);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			logger.warn("Order details without {}: every part fetch busy", name);
			part.complete(unavailable);
			return part;
		}
		return part.completeOnTimeout(unavailable, this.deadline.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void destroy() {
		this.executor.shutdown();
	}

}
