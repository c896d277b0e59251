package dev.platform.clients;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Caps retries at a fraction of calls, so that during an outage retries add at most that fraction to the load
 * on the downstream instead of multiplying it by the attempt count. A token bucket: every call deposits
 * {@code ratio} of a token, every retry withdraws a whole one, and the bucket holds at most {@code reserve}
 * tokens (it starts full, so a client that has made few calls can still retry).
 */
final class RetryBudget {

	private static final long SCALE = 1000;

	private final long deposit;

	private final long capacity;

	private final AtomicLong balance;

	RetryBudget(double ratio, int reserve) {
		this.deposit = Math.round(ratio * SCALE);
		this.capacity = Math.max(reserve, 1) * SCALE;
		this.balance = new AtomicLong(reserve * SCALE);
	}

	void recordCall() {
		this.balance.accumulateAndGet(this.deposit, (current, add) -> Math.min(this.capacity, current + add));
	}

	boolean tryRetry() {
		while (true) {
			long current = this.balance.get();
			if (current < SCALE) {
				return false;
			}
			if (this.balance.compareAndSet(current, current - SCALE)) {
				return true;
			}
		}
	}

}
