package dev.platform.demo.users;

import java.time.Duration;
import java.util.Optional;

/**
 * Slows password guessing down without handing anyone a way to lock an account's owner out. Two tiers:
 * <ul>
 * <li>per e-mail address and client address: the guesser's own address is blocked after a few failures, longer and
 * longer ({@code users.login-throttle.*}: from the 5th failure, 1 s doubling up to 15 min). The owner, logging in
 * from another address, is not affected;</li>
 * <li>per e-mail address alone, looser ({@code users.login-throttle.account.*}: from the 20th failure, 1 s doubling
 * up to 1 min), against guesses spread over many client addresses. It holds back only the client addresses that have
 * failed for that account themselves: one that never failed for it (the owner's, as a rule) is never blocked by what
 * others did, so guessing from elsewhere cannot lock the owner out. A guesser gets one try per fresh client address
 * and then meets the account's pace.</li>
 * </ul>
 * The client address is the connection's as the gateway saw it ({@code X-Platform-Client-Address}, which the gateway
 * sets and users believes from private and loopback peers only, Tomcat's {@code RemoteIpValve}).
 */
final class LoginThrottles {

	private final LoginThrottle perClient;

	private final LoginThrottle perAccount;

	LoginThrottles(LoginThrottle perClient, LoginThrottle perAccount) {
		this.perClient = perClient;
		this.perAccount = perAccount;
	}

	/** How much longer a login for the e-mail address from the client address is refused, if it is. */
	Optional<Duration> blocked(String email, String clientAddress) {
		String client = clientKey(email, clientAddress);
		Optional<Duration> own = this.perClient.blocked(client);
		if (own.isPresent() || !this.perClient.hasFailures(client)) {
			return own;
		}
		return this.perAccount.blocked(accountKey(email));
	}

	void failed(String email, String clientAddress) {
		this.perClient.failed(clientKey(email, clientAddress));
		this.perAccount.failed(accountKey(email));
	}

	/** The owner is in: the account's count starts again, and so does this client address's. */
	void succeeded(String email, String clientAddress) {
		this.perClient.succeeded(clientKey(email, clientAddress));
		this.perAccount.succeeded(accountKey(email));
	}

	private static String clientKey(String email, String clientAddress) {
		return "client\n" + email + "\n" + clientAddress;
	}

	private static String accountKey(String email) {
		return "account\n" + email;
	}

}
