package dev.platform.demo.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The repository on a real connection pool and H2 (the service's default database), where concurrency matters: reads
 * outside a transaction, and saga events for one order moving it at the same time.
 */
class OrderRepositoryTests {

	private final HikariDataSource dataSource = dataSource();

	private final JdbcClient jdbc = JdbcClient.create(this.dataSource);

	private final OrderRepository orders = new OrderRepository(this.jdbc);

	private final ExecutorService threads = Executors.newFixedThreadPool(8);

	@AfterEach
	void close() {
		this.threads.shutdownNow();
		this.dataSource.close();
	}

	@Test
	void moreConcurrentReadersThanPooledConnectionsAllGetTheOrderWithItsItems() throws Exception {
		Order order = order();
		this.orders.insert(order, "key-1");
		List<Future<List<Order>>> readers = new ArrayList<>();
		for (int reader = 0; reader < 8; reader++) {
			readers.add(this.threads.submit(() -> {
				List<Order> read = new ArrayList<>();
				for (int i = 0; i < 50; i++) {
					read.add(this.orders.findById(order.id()).orElseThrow());
					read.add(this.orders.findByIdempotencyKey(order.customerId(), "key-1").orElseThrow());
				}
				return read;
			}));
		}
		for (Future<List<Order>> reader : readers) {
			// A read holding one connection while it asks for another would wait here for the pool's timeout and fail.
			assertThat(reader.get(60, TimeUnit.SECONDS)).hasSize(100)
				.allSatisfy((read) -> assertThat(read.items()).isEqualTo(order.items()));
		}
	}

	@Test
	void anEventThatLosesTheRaceForTheRowIsJudgedAgainOnTheNewStatus() throws Exception {
		Order order = order();
		this.orders.insert(order, null);
		TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		CountDownLatch paidNotCommitted = new CountDownLatch(1);
		CountDownLatch commit = new CountDownLatch(1);
		// payment.completed moves the order to PAID and holds the row until told to commit.
		Future<Boolean> payment = this.threads.submit(() -> transaction.execute((status) -> {
			boolean moved = this.orders.updateStatus(order.id(), OrderStatus.PAID, null, Instant.now());
			paidNotCommitted.countDown();
			try {
				commit.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return moved;
		}));
		assertThat(paidNotCommitted.await(30, TimeUnit.SECONDS)).isTrue();
		// shipment.created reads PENDING (PAID is not committed yet), then waits for the row's lock.
		CompletableFuture<Boolean> shipment = CompletableFuture.supplyAsync(
				() -> this.orders.updateStatus(order.id(), OrderStatus.SHIPPED, null, Instant.now()), this.threads);
		await().atMost(30, TimeUnit.SECONDS).until(this::aSessionWaitsForALock);
		commit.countDown();
		assertThat(payment.get(30, TimeUnit.SECONDS)).isTrue();
		assertThat(shipment.get(30, TimeUnit.SECONDS)).as("shipment.created moved the order").isTrue();
		assertThat(this.orders.findById(order.id()).orElseThrow().status()).isEqualTo(OrderStatus.SHIPPED);
	}

	@Test
	void aLateEventDoesNotMoveAFinalOrderBack() {
		Order order = order();
		this.orders.insert(order, null);
		assertThat(this.orders.updateStatus(order.id(), OrderStatus.CANCELLED, "REFUNDED", Instant.now())).isTrue();
		assertThat(this.orders.updateStatus(order.id(), OrderStatus.PAID, null, Instant.now())).isFalse();
		assertThat(this.orders.updateStatus("no-such-order", OrderStatus.PAID, null, Instant.now())).isFalse();
		Order read = this.orders.findById(order.id()).orElseThrow();
		assertThat(read.status()).isEqualTo(OrderStatus.CANCELLED);
		assertThat(read.reason()).isEqualTo("REFUNDED");
	}

	/** H2 2.x's view of who waits for whom (the service's default database, which these tests run on). */
	private boolean aSessionWaitsForALock() {
		return this.jdbc.sql("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL")
			.query(Integer.class)
			.single() > 0;
	}

	private static Order order() {
		Instant now = Instant.now();
		return new Order(UUID.randomUUID().toString(), "customer-1", "Ada", OrderStatus.PENDING, null,
				new BigDecimal("30.00"), "card", "1 Main Street",
				List.of(new Order.Item("sku-1", 1, new BigDecimal("10.00")),
						new Order.Item("sku-2", 2, new BigDecimal("10.00"))),
				now, now);
	}

	private static HikariDataSource dataSource() {
		HikariDataSource dataSource = new HikariDataSource();
		// A lock wait longer than H2's default 2 s: the race test holds a row lock while the machine may be busy.
		dataSource.setJdbcUrl(
				"jdbc:h2:mem:orders-repository-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=30000");
		// Fewer connections than readers, and a short wait for one, as a pool under load is.
		dataSource.setMaximumPoolSize(3);
		dataSource.setConnectionTimeout(2000);
		Flyway.configure().dataSource(dataSource).locations("classpath:db/orders").load().migrate();
		return dataSource;
	}

}
