package dev.platform.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntUnaryOperator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class RetentionDeletesTests {

	private static final Duration INTERVAL = Duration.ofMinutes(10);

	private static final Instant START = Instant.parse("2026-11-28T10:00:00Z");

	private final AtomicLong nanoTime = new AtomicLong();

	@Test
	void deletesBatchesUntilOneComesBackShort() {
		AtomicInteger rows = new AtomicInteger(25);
		List<Integer> limits = new ArrayList<>();
		IntUnaryOperator table = deletingFrom(rows);
		RetentionDeletes.Result result = deletes(10, Duration.ofSeconds(1)).runIfDue(START, (limit) -> {
			limits.add(limit);
			return table.applyAsInt(limit);
		});
		assertThat(result).isEqualTo(new RetentionDeletes.Result(25, false));
		assertThat(limits).containsExactly(10, 10, 10);
		assertThat(rows).hasValue(0);
	}

	@Test
	void aFullLastBatchNeedsOneMoreToKnowThatNothingIsLeft() {
		AtomicInteger rows = new AtomicInteger(20);
		assertThat(deletes(10, Duration.ofSeconds(1)).runIfDue(START, deletingFrom(rows)))
			.isEqualTo(new RetentionDeletes.Result(20, false));
	}

	@Test
	void stopsStartingBatchesOnceTheBudgetIsSpentAndSaysThatRowsMayBeLeft() {
		AtomicInteger batches = new AtomicInteger();
		RetentionDeletes.Result result = deletes(1_000, Duration.ofMillis(250)).runIfDue(START, (limit) -> {
			batches.incrementAndGet();
			this.nanoTime.addAndGet(Duration.ofMillis(100).toNanos());
			return limit;
		});
		assertThat(batches).hasValue(3);
		assertThat(result).isEqualTo(new RetentionDeletes.Result(3_000, true));
	}

	@Test
	void runsOncePerIntervalWhenEverythingDueWasDeleted() {
		RetentionDeletes deletes = deletes(10, Duration.ofSeconds(1));
		AtomicInteger rows = new AtomicInteger(5);
		assertThat(deletes.runIfDue(START, deletingFrom(rows))).isEqualTo(new RetentionDeletes.Result(5, false));
		rows.set(5);
		assertThat(deletes.runIfDue(START.plusSeconds(1), deletingFrom(rows))).isNull();
		assertThat(deletes.runIfDue(START.plus(INTERVAL).minusMillis(1), deletingFrom(rows))).isNull();
		assertThat(rows).hasValue(5);
		assertThat(deletes.runIfDue(START.plus(INTERVAL), deletingFrom(rows)))
			.isEqualTo(new RetentionDeletes.Result(5, false));
	}

	@Test
	void whatTheBudgetLeftIsDeletedASecondLaterNotAnIntervalLater() {
		// No budget: every run stops after its first full batch.
		RetentionDeletes deletes = deletes(10, Duration.ZERO);
		AtomicInteger rows = new AtomicInteger(25);
		assertThat(deletes.runIfDue(START, deletingFrom(rows))).isEqualTo(new RetentionDeletes.Result(10, true));
		assertThat(deletes.runIfDue(START.plusMillis(999), deletingFrom(rows))).isNull();
		Instant second = START.plus(RetentionDeletes.CONTINUE_AFTER);
		assertThat(deletes.runIfDue(second, deletingFrom(rows))).isEqualTo(new RetentionDeletes.Result(10, true));
		Instant third = second.plus(RetentionDeletes.CONTINUE_AFTER);
		assertThat(deletes.runIfDue(third, deletingFrom(rows))).isEqualTo(new RetentionDeletes.Result(5, false));
		rows.set(5);
		assertThat(deletes.runIfDue(third.plus(RetentionDeletes.CONTINUE_AFTER), deletingFrom(rows))).isNull();
	}

	@Test
	void aFailedRunIsTriedAgainAnIntervalLater() {
		RetentionDeletes deletes = deletes(10, Duration.ofSeconds(1));
		AtomicInteger calls = new AtomicInteger();
		IntUnaryOperator failing = (limit) -> {
			calls.incrementAndGet();
			throw new IllegalStateException("database down");
		};
		// Propagates to the caller, which logs it.
		assertThatIllegalStateException().isThrownBy(() -> deletes.runIfDue(START, failing))
			.withMessage("database down");
		assertThat(deletes.runIfDue(START.plusSeconds(5), failing)).isNull();
		assertThat(calls).hasValue(1);
		assertThat(deletes.runIfDue(START.plus(INTERVAL), deletingFrom(new AtomicInteger(3))))
			.isEqualTo(new RetentionDeletes.Result(3, false));
	}

	@Test
	void nothingToDeleteIsOneStatement() {
		AtomicInteger batches = new AtomicInteger();
		RetentionDeletes.Result result = new RetentionDeletes(INTERVAL).runIfDue(START, (limit) -> {
			batches.incrementAndGet();
			return 0;
		});
		assertThat(batches).hasValue(1);
		assertThat(result).isEqualTo(new RetentionDeletes.Result(0, false));
	}

	private RetentionDeletes deletes(int batchSize, Duration budget) {
		return new RetentionDeletes(INTERVAL, batchSize, budget, this.nanoTime::get);
	}

	/** A table of {@code rows} expired rows: each call deletes up to its limit of them. */
	private static IntUnaryOperator deletingFrom(AtomicInteger rows) {
		return (limit) -> {
			int deleted = Math.min(limit, rows.get());
			rows.addAndGet(-deleted);
			return deleted;
		};
	}

}
