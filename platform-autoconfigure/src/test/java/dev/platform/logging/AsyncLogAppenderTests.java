package dev.platform.logging;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.logstash.logback.appender.LoggingEventAsyncDisruptorAppender;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The appender the starter's Logback configuration uses, set up the same way, in front of a sink that
 * stalls: the logging thread never waits, and what it loses is counted.
 */
class AsyncLogAppenderTests {

	static final int EVENTS = 5_000;

	@Test
	void aStalledSinkNeverBlocksTheCallerAndDropsAreCounted() {
		LoggerContext context = new LoggerContext();
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger delivered = new AtomicInteger();
		StalledSink sink = new StalledSink(release, delivered);
		sink.setContext(context);
		sink.start();
		LoggingEventAsyncDisruptorAppender async = new LoggingEventAsyncDisruptorAppender();
		async.setContext(context);
		async.setName(AsyncLogMetrics.APPENDER_NAME);
		async.setRingBufferSize(64);
		async.addAppender(sink);
		async.start();
		Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
		root.setLevel(Level.INFO);
		root.addAppender(async);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		io.micrometer.core.instrument.Counter dropped = registry.counter("platform.logging.events.dropped");
		async.addListener(new AsyncLogMetrics.DropCounter(java.util.List.of(dropped)));
		try {
			// Guards against a deadlock only; how fast logging is belongs to the benchmarks.
			assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
				for (int i = 0; i < EVENTS; i++) {
					root.info("event {}", i);
				}
			});
			assertThat(dropped.count()).isGreaterThan(EVENTS - 64 * 2);
			release.countDown();
		}
		finally {
			release.countDown();
			async.stop();
			context.stop();
		}
		assertThat(delivered.get() + (long) dropped.count()).isEqualTo(EVENTS);
	}

	@Test
	void oneListenerCountsEveryDropOncePerRegistryAndLeavesWithTheBinder() {
		LoggerContext context = new LoggerContext();
		CountDownLatch release = new CountDownLatch(1);
		StalledSink sink = new StalledSink(release, new AtomicInteger());
		sink.setContext(context);
		sink.start();
		LoggingEventAsyncDisruptorAppender async = new LoggingEventAsyncDisruptorAppender();
		async.setContext(context);
		async.setRingBufferSize(64);
		async.addAppender(sink);
		async.start();
		Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
		root.addAppender(async);
		AsyncLogMetrics metrics = new AsyncLogMetrics(() -> async);
		SimpleMeterRegistry first = new SimpleMeterRegistry();
		SimpleMeterRegistry second = new SimpleMeterRegistry();
		try {
			metrics.bindTo(first);
			metrics.bindTo(second);
			metrics.bindTo(first);
			for (int i = 0; i < 500; i++) {
				root.info("event {}", i);
			}
			double dropped = first.get("platform.logging.events.dropped").counter().count();
			assertThat(dropped).isGreaterThan(300);
			assertThat(second.get("platform.logging.events.dropped").counter().count()).isEqualTo(dropped);
			metrics.destroy();
			for (int i = 0; i < 500; i++) {
				root.info("after {}", i);
			}
			assertThat(first.get("platform.logging.events.dropped").counter().count()).isEqualTo(dropped);
		}
		finally {
			release.countDown();
			async.stop();
			context.stop();
		}
	}

	static final class StalledSink extends AppenderBase<ILoggingEvent> {

		private final CountDownLatch release;

		private final AtomicInteger delivered;

		StalledSink(CountDownLatch release, AtomicInteger delivered) {
			this.release = release;
			this.delivered = delivered;
		}

		@Override
		protected void append(ILoggingEvent event) {
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.delivered.incrementAndGet();
		}

	}

}
