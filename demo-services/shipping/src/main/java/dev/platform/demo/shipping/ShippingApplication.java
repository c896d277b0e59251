package dev.platform.demo.shipping;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Shipping: ships paid orders (and gives up on paid orders whose address never comes, see StalledOrders). */
@SpringBootApplication
@EnableScheduling
public class ShippingApplication {

	public static void main(String[] args) {
		SpringApplication.run(ShippingApplication.class, args);
	}

}
