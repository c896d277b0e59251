package dev.platform.demo.orders;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The products orders sells and their prices, owned by this service. */
@Repository
class Catalog {

	private final JdbcClient jdbc;

	Catalog(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The prices of those of the products that exist, in one query. */
	Map<String, BigDecimal> prices(Collection<String> skus) {
		Map<String, BigDecimal> prices = new HashMap<>();
		this.jdbc.sql("SELECT sku, unit_price FROM products WHERE sku IN (:skus)")
			.param("skus", skus.stream().distinct().toList())
			.query((rs) -> {
				prices.put(rs.getString("sku"), rs.getBigDecimal("unit_price"));
			});
		return prices;
	}

}
