package dev.platform.security.jwt;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Requires every listed scope on a controller method or class; a token without them gets 403
 * {@code insufficient_scope}, a request without a token 401.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RequireScopes {

	/**
	 * The scopes, all required.
	 * @return the scopes
	 */
	String[] value();

}
