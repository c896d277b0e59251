package dev.platform.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * A request whose body stream (and reader) fails with {@link RequestBodyTooLargeException} once more bytes than the
 * limit have been read: the guard for bodies that announce no length ({@code Transfer-Encoding: chunked}).
 */
final class BodyLimitedRequest extends HttpServletRequestWrapper {

	private final DataSize limit;

	private @Nullable LimitedInputStream stream;

	private @Nullable BufferedReader reader;

	BodyLimitedRequest(HttpServletRequest request, DataSize limit) {
		super(request);
		this.limit = limit;
	}

	@Override
	public ServletInputStream getInputStream() throws IOException {
		LimitedInputStream stream = this.stream;
		if (stream == null) {
			stream = new LimitedInputStream(super.getInputStream(), this.limit);
			this.stream = stream;
		}
		return stream;
	}

	@Override
	public BufferedReader getReader() throws IOException {
		BufferedReader reader = this.reader;
		if (reader == null) {
			reader = new BufferedReader(new InputStreamReader(getInputStream(), charset()));
			this.reader = reader;
		}
		return reader;
	}

	private Charset charset() throws UnsupportedEncodingException {
		String encoding = getCharacterEncoding();
		if (encoding == null) {
			return StandardCharsets.ISO_8859_1;
		}
		try {
			return Charset.forName(encoding);
		}
		catch (IllegalCharsetNameException | UnsupportedCharsetException ex) {
			// What the container's own getReader() throws for an unknown encoding.
			throw new UnsupportedEncodingException(encoding);
		}
	}

	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final DataSize limit;

		private final long maxBytes;

		private long read;

		LimitedInputStream(ServletInputStream delegate, DataSize limit) {
			this.delegate = delegate;
			this.limit = limit;
			this.maxBytes = limit.toBytes();
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b != -1) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		@Override
		public int readLine(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.readLine(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws RequestBodyTooLargeException {
			this.read += n;
			if (this.read > this.maxBytes) {
				throw new RequestBodyTooLargeException(this.limit);
			}
		}

		@Override
		public int available() throws IOException {
			return this.delegate.available();
		}

		@Override
		public void close() throws IOException {
			this.delegate.close();
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
