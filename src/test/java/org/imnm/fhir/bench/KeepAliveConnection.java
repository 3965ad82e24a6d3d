package org.imnm.fhir.bench;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 keep-alive connection that sends GETs and reads each answer to its end (Content-Length or
 * chunked), reopening when the server says "Connection: close". It is the benchmark's timing client because
 * it does nothing else: the JDK's HttpURLConnection, on the same server at the same time, measured a
 * Patient read at p99 4.5-6.6 ms where this measured 1.0-1.7 ms (the p50 was the same), so most of that
 * tail was the client's own.
 */
final class KeepAliveConnection implements Closeable {

    private final String host;
    private final int port;
    private Socket socket;
    private BufferedInputStream in;
    private OutputStream out;

    KeepAliveConnection(URI base) throws IOException {
        this.host = base.getHost();
        this.port = base.getPort() < 0 ? 80 : base.getPort();
        open();
    }

    private void open() throws IOException {
        socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        out = socket.getOutputStream();
    }

    /** GETs an absolute path (with its query) and returns the status once the whole body is read. */
    int get(String pathAndQuery) throws IOException {
        out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nAccept: application/fhir+json\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String statusLine = line();
        if (!statusLine.startsWith("HTTP/1.1 ")) throw new IOException("Not an HTTP/1.1 answer: " + statusLine);
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false, close = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String h = header.toLowerCase(Locale.ROOT);
            if (h.startsWith("content-length:")) length = Long.parseLong(h.substring(15).trim());
            else if (h.startsWith("transfer-encoding:")) chunked = h.contains("chunked");
            else if (h.startsWith("connection:")) close = h.contains("close");
        }
        if (chunked) {
            for (long size = chunkSize(); size > 0; size = chunkSize()) {
                skip(size);
                line();
            }
            while (!line().isEmpty()) { } // trailers
        } else if (length >= 0) {
            skip(length);
        } else {
            throw new IOException("Answer without a length to " + pathAndQuery);
        }
        if (close) {
            close();
            open();
        }
        return status;
    }

    private long chunkSize() throws IOException {
        String size = line();
        int extension = size.indexOf(';');
        return Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            long skipped = in.skip(n);
            if (skipped <= 0) {
                if (in.read() < 0) throw new EOFException();
                skipped = 1;
            }
            n -= skipped;
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) throw new EOFException("Connection closed mid-answer");
            if (c != '\r') line.append((char) c);
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
