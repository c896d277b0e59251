package dev.platform.demo.gateway;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressesTests {

	@Test
	void anIpv6ClientIsCountedByItsSlash64AndAnIpv4OneByItsAddress() {
		assertThat(ClientAddresses.key("2001:db8:1:2:aaaa::1")).isEqualTo("2001:db8:1:2::/64");
		assertThat(ClientAddresses.key("2001:0db8:0001:0002:ffff:ffff:ffff:ffff")).isEqualTo("2001:db8:1:2::/64");
		assertThat(ClientAddresses.key("2001:db8:1:3::1")).isEqualTo("2001:db8:1:3::/64");
		assertThat(ClientAddresses.key("203.0.113.7")).isEqualTo("203.0.113.7");
		assertThat(ClientAddresses.key("0:0:0:0:0:0:0:1")).isEqualTo("0:0:0:0::/64");
	}

}
