package dev.platform.otel;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs every task on the thread that submits it. Given to an OTLP exporter's HTTP client as its dispatcher, the
 * batch processor's worker thread (of spans or of log records) sends each batch itself instead of handing it to a
 * dispatcher thread and waiting for it, which it does anyway (the processor exports one batch at a time and joins
 * the result).
 */
public final class CallerRunsExecutorService extends AbstractExecutorService {

	private volatile boolean shutdown;

	@Override
	public void execute(Runnable command) {
		if (this.shutdown) {
			throw new RejectedExecutionException("The exporter was shut down");
		}
		command.run();
	}

	@Override
	public void shutdown() {
		this.shutdown = true;
	}

	@Override
	public List<Runnable> shutdownNow() {
		this.shutdown = true;
		return List.of();
	}

	@Override
	public boolean isShutdown() {
		return this.shutdown;
	}

	@Override
	public boolean isTerminated() {
		return this.shutdown;
	}

	@Override
	public boolean awaitTermination(long timeout, TimeUnit unit) {
		return this.shutdown;
	}

}
