package dev.platform.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntUnaryOperator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetentionDeletesTests {

	private final AtomicLong nanoTime = new AtomicLong();

	@Test
	void deletesBatchesUntilOneComesBackShort() {
		AtomicInteger rows = new AtomicInteger(25);
		List<Integer> limits = new ArrayList<>();
		IntUnaryOperator table = deletingFrom(rows);
		RetentionDeletes.Result result = RetentionDeletes.run((limit) -> {
			limits.add(limit);
			return table.applyAsInt(limit);
		}, 10, Duration.ofSeconds(1), this.nanoTime::get);
		assertThat(result).isEqualTo(new RetentionDeletes.Result(25, false));
		assertThat(limits).containsExactly(10, 10, 10);
		assertThat(rows).hasValue(0);
	}

	@Test
	void aFullLastBatchNeedsOneMoreToKnowThatNothingIsLeft() {
		AtomicInteger rows = new AtomicInteger(20);
		RetentionDeletes.Result result = RetentionDeletes.run(deletingFrom(rows), 10, Duration.ofSeconds(1),
				this.nanoTime::get);
		assertThat(result).isEqualTo(new RetentionDeletes.Result(20, false));
	}

	@Test
	void stopsStartingBatchesOnceTheBudgetIsSpentAndSaysThatRowsMayBeLeft() {
		AtomicInteger batches = new AtomicInteger();
		RetentionDeletes.Result result = RetentionDeletes.run((limit) -> {
			batches.incrementAndGet();
			this.nanoTime.addAndGet(Duration.ofMillis(100).toNanos());
			return limit;
		}, 1_000, Duration.ofMillis(250), this.nanoTime::get);
		assertThat(batches).hasValue(3);
		assertThat(result).isEqualTo(new RetentionDeletes.Result(3_000, true));
	}

	@Test
	void nothingToDeleteIsOneStatement() {
		AtomicInteger batches = new AtomicInteger();
		RetentionDeletes.Result result = RetentionDeletes.run((limit) -> {
			batches.incrementAndGet();
			return 0;
		});
		assertThat(batches).hasValue(1);
		assertThat(result).isEqualTo(new RetentionDeletes.Result(0, false));
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
