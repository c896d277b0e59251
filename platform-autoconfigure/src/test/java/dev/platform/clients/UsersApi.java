package dev.platform.clients;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;

/** An HTTP interface of the stub "users" downstream. */
@HttpExchange("/users")
public interface UsersApi {

	@GetExchange("/{id}")
	String user(@PathVariable String id);

}
