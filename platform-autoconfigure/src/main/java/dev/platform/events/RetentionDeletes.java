package dev.platform.events;

import java.time.Duration;
import java.util.function.IntUnaryOperator;
import java.util.function.LongSupplier;

/**
 * Deletes rows past their retention (sent outbox rows, records of processed events) a batch per statement and within
 * a time budget. One unbounded {@code DELETE} after a long stop, or on a busy service, can meet millions of rows: it
 * holds their locks and writes one transaction the size of all of them, and it runs on a thread with other work (the
 * relay, a listener), which it would hold for as long. Each batch commits on its own; what the budget leaves is
 * deleted by the next run.
 */
public final class RetentionDeletes {

	/** Rows per {@code DELETE} statement. */
	public static final int BATCH_SIZE = 1_000;

	/** Time one run may take before it leaves the rest to the next. */
	public static final Duration BUDGET = Duration.ofMillis(250);

	/** How soon a run that left rows behind is followed by the next, so deleting takes at most a fifth of a thread. */
	public static final Duration CONTINUE_AFTER = Duration.ofSeconds(1);

	private RetentionDeletes() {
	}

	/**
	 * Runs batches until one deletes fewer rows than asked for, or the budget is spent.
	 * @param deleteUpTo deletes at most the given number of rows past their retention, returns how many it deleted
	 * @param batchSize the largest batch
	 * @param budget the time after which no further batch starts
	 * @param nanoTime the clock of the budget
	 * @return the rows deleted, and whether some may be left
	 */
	public static Result run(IntUnaryOperator deleteUpTo, int batchSize, Duration budget, LongSupplier nanoTime) {
		long start = nanoTime.getAsLong();
		long deleted = 0;
		while (true) {
			int batch = deleteUpTo.applyAsInt(batchSize);
			deleted += batch;
			if (batch < batchSize) {
				return new Result(deleted, false);
			}
			if (nanoTime.getAsLong() - start >= budget.toNanos()) {
				return new Result(deleted, true);
			}
		}
	}

	/** With the defaults: {@link #BATCH_SIZE} and {@link #BUDGET} on the system's clock. */
	public static Result run(IntUnaryOperator deleteUpTo) {
		return run(deleteUpTo, BATCH_SIZE, BUDGET, System::nanoTime);
	}

	/**
	 * What one run did.
	 * @param deleted the rows deleted
	 * @param more whether the budget ran out after a full batch, so that rows may be left
	 */
	public record Result(long deleted, boolean more) {
	}

}
