package dev.platform.demo.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the gateway routes. The same URLs back the platform clients of the details aggregate
 * ({@code platform.clients.<name>.url}), so both read the same environment variables.
 */
@ConfigurationProperties("gateway.routes")
public class GatewayRoutesProperties {

	/** Base URL of the users service: /api/auth, /api/users and /.well-known. */
	private String users = "http://localhost:8081";

	/** Base URL of the orders service: /api/orders. */
	private String orders = "http://localhost:8082";

	/** Base URL of the payments service: /api/payments. */
	private String payments = "http://localhost:8083";

	/** Base URL of the shipping service: /api/shipments. */
	private String shipping = "http://localhost:8084";

	public String getUsers() {
		return this.users;
	}

	public void setUsers(String users) {
		this.users = users;
	}

	public String getOrders() {
		return this.orders;
	}

	public void setOrders(String orders) {
		this.orders = orders;
	}

	public String getPayments() {
		return this.payments;
	}

	public void setPayments(String payments) {
		this.payments = payments;
	}

	public String getShipping() {
		return this.shipping;
	}

	public void setShipping(String shipping) {
		this.shipping = shipping;
	}

}
