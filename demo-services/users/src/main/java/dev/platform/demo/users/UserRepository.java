package dev.platform.demo.users;

import java.sql.Timestamp;
import java.util.Optional;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The users table, owned by this service alone. */
@Repository
class UserRepository {

	private static final RowMapper<User> ROWS = (rs, row) -> new User(rs.getString("id"), rs.getString("email"),
			rs.getString("name"), rs.getString("password_hash"), rs.getTimestamp("created_at").toInstant());

	private final JdbcClient jdbc;

	UserRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Inserts the user; a duplicate e-mail surfaces as {@link org.springframework.dao.DuplicateKeyException}. */
	void insert(User user) {
		this.jdbc.sql("INSERT INTO users (id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)")
			.params(user.id(), user.email(), user.name(), user.passwordHash(), Timestamp.from(user.createdAt()))
			.update();
	}

	Optional<User> findByEmail(String email) {
		return this.jdbc.sql("SELECT * FROM users WHERE email = ?").param(email).query(ROWS).optional();
	}

	Optional<User> findById(String id) {
		return this.jdbc.sql("SELECT * FROM users WHERE id = ?").param(id).query(ROWS).optional();
	}

}
