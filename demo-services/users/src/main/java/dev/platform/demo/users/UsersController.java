package dev.platform.demo.users;

import java.util.regex.Pattern;

import dev.platform.security.jwt.JwtPrincipal;
import dev.platform.security.jwt.RequireScopes;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Profiles. A user sees only themselves; orders reads the customer with the user's relayed token. */
@RestController
@RequestMapping("/api/users")
@RequireScopes("users:read")
class UsersController {

	/** The form of a user id (a UUID): anything else in a path is not echoed back, so a 404 says nothing it chose. */
	private static final Pattern ID_FORM = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private final UserRepository users;

	UsersController(UserRepository users) {
		this.users = users;
	}

	@GetMapping("/me")
	User.UserView me(JwtPrincipal caller) {
		return user(caller.subject(), caller);
	}

	@GetMapping("/{id}")
	User.UserView user(@PathVariable String id, JwtPrincipal caller) {
		// Another user's id answers 404, not 403: whether an account exists is not the caller's business.
		return this.users.findById(id)
			.filter((user) -> user.id().equals(caller.subject()))
			.map(User::view)
			.orElseThrow(() -> notFound(id));
	}

	private static ErrorResponseException notFound(String id) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				ID_FORM.matcher(id).matches() ? "No user " + id + "." : "No such user.");
		problem.setTitle("User not found");
		return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
	}

}
