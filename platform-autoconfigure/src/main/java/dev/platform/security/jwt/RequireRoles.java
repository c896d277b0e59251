package dev.platform.security.jwt;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Requires at least one of the listed roles (the token's {@code roles} claim) on a controller method or class;
 * otherwise 403 {@code insufficient_scope}, or 401 without a token.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RequireRoles {

	/**
	 * The roles, any one suffices.
	 * @return the roles
	 */
	String[] value();

}
