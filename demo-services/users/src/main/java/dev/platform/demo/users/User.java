package dev.platform.demo.users;

import java.time.Instant;

/** A registered user; the password hash never leaves this service. */
record User(String id, String email, String name, String passwordHash, Instant createdAt) {

	UserView view() {
		return new UserView(this.id, this.email, this.name);
	}

	/** What other services and the user see. */
	record UserView(String id, String email, String name) {
	}

}
