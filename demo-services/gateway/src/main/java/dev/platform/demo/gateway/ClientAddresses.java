package dev.platform.demo.gateway;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The key a client address is counted under in the limits per address. An IPv6 client is counted by its /64: one
 * host is given a whole /64 as a rule, and counted per address it would have 2^64 fresh ones to come from. IPv4
 * addresses count one by one.
 */
final class ClientAddresses {

	private ClientAddresses() {
	}

	static String key(String address) {
		// Only an IPv6 literal is parsed, and never looked up as a name.
		if (address.indexOf(':') < 0 || !address.chars().allMatch((c) -> (c >= '0' && c <= '9')
				|| (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.')) {
			return address;
		}
		try {
			// A literal from the connection: no name lookup.
			InetAddress parsed = InetAddress.getByName(address);
			if (parsed instanceof Inet6Address) {
				byte[] bytes = parsed.getAddress();
				StringBuilder prefix = new StringBuilder();
				for (int i = 0; i < 8; i += 2) {
					prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
				}
				return prefix.append(":/64").toString();
			}
			return parsed.getHostAddress();
		}
		catch (UnknownHostException ex) {
			return address;
		}
	}

}
