package dev.platform.benchmarks.tools;

/** Starts the OTLP sink and the downstream stub in one process: {@code Services <otlpPort> <stubPort>}. */
public final class Services {

	private Services() {
	}

	public static void main(String[] args) throws Exception {
		OtlpSink sink = OtlpSink.start(Integer.parseInt(args[0]));
		DownstreamStub.start(Integer.parseInt(args[1]));
		Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.printf("otlp-sink requests=%d%n",
				sink.requests())));
		System.out.println("ready");
		Thread.currentThread().join();
	}

}
