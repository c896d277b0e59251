package dev.platform.demo.users;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Slows password guessing down without handing anyone a way to lock an account's owner out. Two tiers:
 * <ul>
 * <li>per e-mail address and client address: the guesser's own address is blocked after a few failures, longer and
 * longer ({@code users.login-throttle.*}: from the 5th failure, 1 s doubling up to 15 min). The owner, logging in
 * from another address, is not affected;</li>
 * <li>per e-mail address alone, looser ({@code users.login-throttle.account.*}: from the 20th failure, 1 s doubling
 * up to 1 min), against guesses spread over many client addresses. It holds back only the client addresses that have
 * failed for that account twice themselves: one that did not (the owner's, as a rule, typo or not) is never blocked
 * by what others did, so guessing from elsewhere cannot lock the owner out (typos twice in an hour, while the account
 * is under attack, and the owner waits up to a minute). A guesser gets two tries per fresh client address (an IPv6
 * /64 counts as one) and then meets the account's pace.</li>
 * </ul>
 * One attempt at a time runs per e-mail address and client address ({@link #oneAtATime}). The client address is the
 * connection's as the gateway saw it ({@code X-Platform-Client-Address}, which the gateway sets and users believes
 * from private and loopback peers only, Tomcat's {@code RemoteIpValve}).
 */
final class LoginThrottles {

	private final LoginThrottle perClient;

	private final LoginThrottle perAccount;

	private final ConcurrentHashMap<String, Boolean> inProgress = new ConcurrentHashMap<>();

	private final LoginThrottle registrations;

	LoginThrottles(LoginThrottle perClient, LoginThrottle perAccount, LoginThrottle registrations) {
		this.perClient = perClient;
		this.perAccount = perAccount;
		this.registrations = registrations;
	}

	/**
	 * How much longer a login for the e-mail address from the client address is refused, if it is. The account's
	 * block holds back a client address only once it has failed for the account twice itself: an owner's single
	 * typo does not put them behind the guessers.
	 */
	Optional<Duration> blocked(String email, String clientAddress) {
		String client = clientKey(email, clientAddress);
		Optional<Duration> own = this.perClient.blocked(client);
		if (own.isPresent() || this.perClient.failures(client) < ACCOUNT_BLOCK_AFTER_OWN_FAILURES) {
			return own;
		}
		return this.perAccount.blocked(accountKey(email));
	}

	/** Failures of its own after which a client address is held to the account's block. */
	static final int ACCOUNT_BLOCK_AFTER_OWN_FAILURES = 2;

	/**
	 * Runs a login attempt unless another one for the same e-mail address and client address is running in this
	 * instance: attempts sent at once would all be checked before any of them failed, and all be hashed (80 at once
	 * gave 48 hashed guesses where the throttle allows 5).
	 * @param email the e-mail address
	 * @param clientAddress the client address
	 * @param attempt the attempt
	 * @param <T> what it answers
	 * @return its answer, or empty when another attempt was running
	 */
	<T> Optional<T> oneAtATime(String email, String clientAddress, Supplier<T> attempt) {
		String key = clientKey(email, clientAddress);
		if (this.inProgress.putIfAbsent(key, Boolean.TRUE) != null) {
			return Optional.empty();
		}
		try {
			return Optional.of(attempt.get());
		}
		finally {
			this.inProgress.remove(key);
		}
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

	/**
	 * How much longer registrations from the client address are refused, if they are: registering addresses that
	 * have an account is how one learns which do (the 409), so a client that found a few is slowed down
	 * ({@code users.registration-throttle.*}).
	 * @param clientAddress the client address
	 * @return the time left, if blocked
	 */
	Optional<Duration> registrationBlocked(String clientAddress) {
		return this.registrations.blocked(registrationKey(clientAddress));
	}

	/** Counts a registration of an address that has an account. */
	void registeredExisting(String clientAddress) {
		this.registrations.failed(registrationKey(clientAddress));
	}

	private static String registrationKey(String clientAddress) {
		return "register\n" + clientAddressKey(clientAddress);
	}

	private static String clientKey(String email, String clientAddress) {
		return "client\n" + email + "\n" + clientAddressKey(clientAddress);
	}

	/** An IPv6 client counts by its /64 (a host is given a whole /64 as a rule); an IPv4 one by its address. */
	static String clientAddressKey(String address) {
		// Only an IPv6 literal is parsed: anything else (IPv4, or no address at all) is taken as it is, and never
		// looked up as a name.
		if (address.indexOf(':') < 0 || !address.chars().allMatch((c) -> (c >= '0' && c <= '9')
				|| (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.')) {
			return address;
		}
		try {
			// A literal from the connection: no name lookup.
			byte[] bytes = InetAddress.getByName(address).getAddress();
			return (bytes.length == 16) ? HexFormat.of().formatHex(bytes, 0, 8) + "/64" : address;
		}
		catch (UnknownHostException ex) {
			return address;
		}
	}

	private static String accountKey(String email) {
		return "account\n" + email;
	}

}
