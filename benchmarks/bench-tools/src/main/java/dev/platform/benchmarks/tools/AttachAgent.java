package dev.platform.benchmarks.tools;

import com.sun.tools.attach.VirtualMachine;

/**
 * Loads a native agent into a running JVM through the JDK's attach API, passing its options as one string:
 * {@code AttachAgent <pid> <library path> <options>}. {@code benchmarks/profile-cpu} uses it to start and stop
 * async-profiler in a warmed-up service ({@code jcmd <pid> JVMTI.agent_load} cannot: it splits the options at
 * {@code =}).
 */
public final class AttachAgent {

	private AttachAgent() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 3) {
			System.err.println("usage: AttachAgent <pid> <library path> <options>");
			System.exit(2);
		}
		VirtualMachine vm = VirtualMachine.attach(args[0]);
		try {
			vm.loadAgentPath(args[1], args[2]);
		}
		finally {
			vm.detach();
		}
	}

}
