package dev.platform.demo.orders;

import java.math.BigDecimal;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The products orders sells and their prices, owned by this service. */
@Repository
class Catalog {

	private final JdbcClient jdbc;

	Catalog(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<BigDecimal> price(String sku) {
		return this.jdbc.sql("SELECT unit_price FROM products WHERE sku = ?")
			.param(sku)
			.query(BigDecimal.class)
			.optional();
	}

}
