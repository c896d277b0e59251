package dev.platform.web;

import java.io.IOException;

import org.springframework.util.unit.DataSize;

/**
 * Thrown by a request body's stream when the body grows past {@code platform.web.max-request-body-size}. An
 * {@link IOException}, as the stream's contract allows, so that code reading the body treats it as a failed read;
 * {@link RequestBodyTooLargeExceptionResolver} finds it among the causes of what Spring MVC raises and answers 413.
 */
public class RequestBodyTooLargeException extends IOException {

	private final DataSize limit;

	public RequestBodyTooLargeException(DataSize limit) {
		super("Request body larger than " + limit.toBytes() + " bytes");
		this.limit = limit;
	}

	/**
	 * The limit the body went over.
	 * @return the limit
	 */
	public DataSize getLimit() {
		return this.limit;
	}

}
