package dev.platform.events;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntUnaryOperator;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Deletes rows past their retention (sent outbox rows, records of processed events) every interval, a batch per
 * statement and within a time budget. One unbounded {@code DELETE} after a long stop, or on a busy service, can meet
 * millions of rows: it holds their locks and writes one transaction the size of all of them, and it runs on a thread
 * with other work (the relay, a listener), which it would hold for as long. Each batch commits on its own; what the
 * budget leaves is deleted a second later instead of an interval later.
 */
public final class RetentionDeletes {

	/** Rows per {@code DELETE} statement. */
	private static final int BATCH_SIZE = 1_000;

	/** Time one run may take before it leaves the rest to the next. */
	public static final Duration BUDGET = Duration.ofMillis(250);

	/** How soon a run that left rows behind is followed by the next, so deleting takes at most a fifth of a thread. */
	public static final Duration CONTINUE_AFTER = Duration.ofSeconds(1);

	private final Duration interval;

	private final int batchSize;

	private final Duration budget;

	private final LongSupplier nanoTime;

	/** When the next run is due; the first call runs. */
	private final AtomicReference<Instant> next = new AtomicReference<>(Instant.MIN);

	/**
	 * @param interval the time between two runs that deleted everything due
	 */
	public RetentionDeletes(Duration interval) {
		this(interval, BATCH_SIZE, BUDGET, System::nanoTime);
	}

	RetentionDeletes(Duration interval, int batchSize, Duration budget, LongSupplier nanoTime) {
		this.interval = interval;
		this.batchSize = batchSize;
		this.budget = budget;
		this.nanoTime = nanoTime;
	}

	/**
	 * Deletes if a run is due, in batches until one deletes fewer rows than asked for or the budget is spent. Of
	 * threads calling at once, one runs. A failure propagates, and the next run is then due an interval later.
	 * @param now the time, which decides whether a run is due
	 * @param deleteUpTo deletes at most the given number of rows past their retention, returns how many it deleted
	 * @return what the run did, or {@code null} when none was due
	 */
	public @Nullable Result runIfDue(Instant now, IntUnaryOperator deleteUpTo) {
		Instant due = this.next.get();
		if (now.isBefore(due) || !this.next.compareAndSet(due, now.plus(this.interval))) {
			return null;
		}
		Result result = run(deleteUpTo);
		if (result.more()) {
			this.next.set(now.plus(CONTINUE_AFTER));
		}
		return result;
	}

	private Result run(IntUnaryOperator deleteUpTo) {
		long start = this.nanoTime.getAsLong();
		long deleted = 0;
		while (true) {
			int batch = deleteUpTo.applyAsInt(this.batchSize);
			deleted += batch;
			if (batch < this.batchSize) {
				return new Result(deleted, false);
			}
			if (this.nanoTime.getAsLong() - start >= this.budget.toNanos()) {
				return new Result(deleted, true);
			}
		}
	}

	/**
	 * What one run did.
	 * @param deleted the rows deleted
	 * @param more whether the budget ran out after a full batch, so that rows may be left
	 */
	public record Result(long deleted, boolean more) {
	}

}
