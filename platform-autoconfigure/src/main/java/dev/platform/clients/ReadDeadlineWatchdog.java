package dev.platform.clients;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The timer of {@link DeadlineInputStream}: one daemon thread for the whole process, started at the first read
 * that has to wait for the network and ended after a minute without one. Cancelling a watch removes it at once,
 * so a busy client leaves nothing queued behind its calls.
 */
final class ReadDeadlineWatchdog {

	/** The thread's name, as thread dumps show it. */
	static final String THREAD_NAME = "platform-client-read-deadline";

	private static final ScheduledThreadPoolExecutor TIMER = createTimer();

	private ReadDeadlineWatchdog() {
	}

	static ScheduledFuture<?> schedule(Runnable expiry, long delayNanos) {
		return TIMER.schedule(expiry, delayNanos, TimeUnit.NANOSECONDS);
	}

	private static ScheduledThreadPoolExecutor createTimer() {
		ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, THREAD_NAME);
			thread.setDaemon(true);
			return thread;
		});
		timer.setRemoveOnCancelPolicy(true);
		timer.setKeepAliveTime(1, TimeUnit.MINUTES);
		timer.allowCoreThreadTimeOut(true);
		return timer;
	}

}
