package dev.platform.tracing;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.sun.management.ThreadMXBean;
import dev.platform.benchmarks.tools.OtlpSink;
import dev.platform.otel.CallerRunsExecutorService;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * CPU and allocation per span of the OTLP/HTTP span exporter on the exporting thread, in batches of 512 server spans
 * shaped like the load benchmark's ({@code http get /trivial} with the attributes Micrometer and the starter set),
 * sent to the in-JVM OTLP sink: {@link MemoryMode#IMMUTABLE_DATA} against {@link MemoryMode#REUSABLE_DATA},
 * interleaved, medians over the rounds.
 * <p>
 * {@code java -cp "$JMH_CP" dev.platform.tracing.SpanExportCost [rounds] [batches per round]}
 */
public final class SpanExportCost {

	private SpanExportCost() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 9;
		int batches = (args.length > 1) ? Integer.parseInt(args[1]) : 400;
		OtlpSink sink = OtlpSink.start(0);
		List<SpanData> batch = spans(512);
		String endpoint = "http://127.0.0.1:" + sink.port() + "/v1/traces";
		SpanExporter immutable = exporter(endpoint, MemoryMode.IMMUTABLE_DATA);
		SpanExporter reusable = exporter(endpoint, MemoryMode.REUSABLE_DATA);
		ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
		List<Double> cpuImmutable = new ArrayList<>();
		List<Double> cpuReusable = new ArrayList<>();
		List<Double> allocImmutable = new ArrayList<>();
		List<Double> allocReusable = new ArrayList<>();
		for (int round = -3; round < rounds; round++) {
			for (int variant = 0; variant < 2; variant++) {
				SpanExporter exporter = (variant == 0) ? immutable : reusable;
				long cpu = threads.getCurrentThreadCpuTime();
				long allocated = threads.getCurrentThreadAllocatedBytes();
				for (int i = 0; i < batches; i++) {
					CompletableResultCode result = exporter.export(batch).join(10, TimeUnit.SECONDS);
					if (!result.isSuccess()) {
						throw new IllegalStateException("export failed");
					}
				}
				double spans = (double) batches * batch.size();
				double cpuPerSpan = (threads.getCurrentThreadCpuTime() - cpu) / 1000.0 / spans;
				double bytesPerSpan = (threads.getCurrentThreadAllocatedBytes() - allocated) / spans;
				if (round >= 0) {
					((variant == 0) ? cpuImmutable : cpuReusable).add(cpuPerSpan);
					((variant == 0) ? allocImmutable : allocReusable).add(bytesPerSpan);
				}
				System.out.printf("round %d %-10s %.3f µs/span %.0f B/span%n", round,
						(variant == 0) ? "immutable" : "reusable", cpuPerSpan, bytesPerSpan);
			}
		}
		System.out.printf("median immutable: %.3f µs/span, %.0f B/span%n", median(cpuImmutable),
				median(allocImmutable));
		System.out.printf("median reusable:  %.3f µs/span, %.0f B/span%n", median(cpuReusable), median(allocReusable));
		System.out.printf("reusable/immutable CPU: %.3f%n", median(cpuReusable) / median(cpuImmutable));
		immutable.shutdown();
		reusable.shutdown();
		sink.stop();
	}

	private static SpanExporter exporter(String endpoint, MemoryMode mode) {
		return OtlpHttpSpanExporter.builder()
			.setEndpoint(endpoint)
			.setMemoryMode(mode)
			.setExecutorService(new CallerRunsExecutorService())
			.build();
	}

	static List<SpanData> spans(int count) {
		List<SpanData> collected = new ArrayList<>();
		SpanExporter collector = new SpanExporter() {

			@Override
			public CompletableResultCode export(Collection<SpanData> spans) {
				collected.addAll(spans);
				return CompletableResultCode.ofSuccess();
			}

			@Override
			public CompletableResultCode flush() {
				return CompletableResultCode.ofSuccess();
			}

			@Override
			public CompletableResultCode shutdown() {
				return CompletableResultCode.ofSuccess();
			}

		};
		SdkTracerProvider provider = SdkTracerProvider.builder()
			.setResource(Resource.getDefault().merge(Resource.builder().put("service.name", "bench").build()))
			.addSpanProcessor(SimpleSpanProcessor.create(collector))
			.build();
		Tracer tracer = provider.get("org.springframework.boot");
		for (int i = 0; i < count; i++) {
			Span span = tracer.spanBuilder("http get /trivial").setSpanKind(SpanKind.SERVER).startSpan();
			span.setAttribute(AttributeKey.stringKey("exception"), "none");
			span.setAttribute(AttributeKey.stringKey("method"), "GET");
			span.setAttribute(AttributeKey.stringKey("outcome"), "SUCCESS");
			span.setAttribute(AttributeKey.stringKey("status"), "200");
			span.setAttribute(AttributeKey.stringKey("uri"), "/trivial");
			span.setAttribute(AttributeKey.stringKey("http.url"), "/trivial");
			span.setAttribute(AttributeKey.stringKey("enduser.id"), "2c0a5b7f4d8e1a93c6b2f0e7d5a4c3b1");
			span.end();
		}
		provider.shutdown();
		return collected;
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(null);
		return sorted.get(sorted.size() / 2);
	}

}
