package dev.platform.test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * An OTLP/HTTP receiver on loopback that decodes the protobuf payloads, standing in for a collector. It can
 * also misbehave: answer 503, or hang.
 */
public final class OtlpReceiver implements AutoCloseable {

	public enum Mode {

		ACCEPT, UNAVAILABLE, HANG

	}

	public record ReceivedSpan(Span span, java.util.Map<String, String> resource) {

		public String traceId() {
			return hex(this.span.getTraceId().toByteArray());
		}

		public String spanId() {
			return hex(this.span.getSpanId().toByteArray());
		}

		public String parentSpanId() {
			return hex(this.span.getParentSpanId().toByteArray());
		}

		public String name() {
			return this.span.getName();
		}

		public String attribute(String key) {
			return OtlpReceiver.attribute(this.span.getAttributesList(), key);
		}

	}

	public record ReceivedLog(LogRecord log, java.util.Map<String, String> resource) {

		public String traceId() {
			return hex(this.log.getTraceId().toByteArray());
		}

		public String body() {
			return this.log.getBody().getStringValue();
		}

	}

	private final HttpServer server;

	private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

	private final List<ReceivedLog> logs = new CopyOnWriteArrayList<>();

	private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.ACCEPT);

	private final AtomicInteger requests = new AtomicInteger();

	private final CountDownLatch release = new CountDownLatch(1);

	public OtlpReceiver() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.setExecutor(Executors.newCachedThreadPool());
		this.server.createContext("/v1/traces", (exchange) -> handle(exchange, this::traces));
		this.server.createContext("/v1/logs", (exchange) -> handle(exchange, this::logs));
		this.server.start();
	}

	public OtlpReceiver mode(Mode mode) {
		this.mode.set(mode);
		return this;
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	public String tracesUrl() {
		return baseUrl() + "/v1/traces";
	}

	public List<ReceivedSpan> spans() {
		return new ArrayList<>(this.spans);
	}

	public List<ReceivedLog> logs() {
		return new ArrayList<>(this.logs);
	}

	public int requests() {
		return this.requests.get();
	}

	private interface Decoder {

		void decode(byte[] body) throws IOException;

	}

	private void handle(HttpExchange exchange, Decoder decoder) throws IOException {
		this.requests.incrementAndGet();
		try (exchange; InputStream input = exchange.getRequestBody()) {
			byte[] body = input.readAllBytes();
			switch (this.mode.get()) {
				case UNAVAILABLE -> exchange.sendResponseHeaders(503, -1);
				case HANG -> {
					try {
						this.release.await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
				case ACCEPT -> {
					decoder.decode(body);
					exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
					exchange.sendResponseHeaders(200, 0);
				}
			}
		}
	}

	private void traces(byte[] body) throws IOException {
		ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
		for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
			java.util.Map<String, String> resource = attributes(resourceSpans.getResource().getAttributesList());
			for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
				for (Span span : scopeSpans.getSpansList()) {
					this.spans.add(new ReceivedSpan(span, resource));
				}
			}
		}
	}

	private void logs(byte[] body) throws IOException {
		ExportLogsServiceRequest request = ExportLogsServiceRequest.parseFrom(body);
		for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
			java.util.Map<String, String> resource = attributes(resourceLogs.getResource().getAttributesList());
			for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
				for (LogRecord log : scopeLogs.getLogRecordsList()) {
					this.logs.add(new ReceivedLog(log, resource));
				}
			}
		}
	}

	static java.util.Map<String, String> attributes(List<KeyValue> keyValues) {
		java.util.Map<String, String> attributes = new java.util.LinkedHashMap<>();
		keyValues.forEach((keyValue) -> attributes.put(keyValue.getKey(), text(keyValue.getValue())));
		return attributes;
	}

	static String attribute(List<KeyValue> keyValues, String key) {
		return attributes(keyValues).get(key);
	}

	private static String text(AnyValue value) {
		return switch (value.getValueCase()) {
			case STRING_VALUE -> value.getStringValue();
			case INT_VALUE -> String.valueOf(value.getIntValue());
			case BOOL_VALUE -> String.valueOf(value.getBoolValue());
			case DOUBLE_VALUE -> String.valueOf(value.getDoubleValue());
			default -> value.toString();
		};
	}

	static String hex(byte[] bytes) {
		StringBuilder builder = new StringBuilder();
		for (byte b : bytes) {
			builder.append(String.format("%02x", b));
		}
		return builder.toString();
	}

	@Override
	public void close() {
		this.release.countDown();
		this.server.stop(0);
	}

}
