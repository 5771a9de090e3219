package io.gamepipe.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written byte for byte, so a test controls exactly what the server sees: header names
 * in any case, duplicate headers, raw non-ASCII, oversized lines. One request per connection.
 */
final class RawHttp {

    /** curl 7.47's headers, as in the original transcript. */
    static final String CURL = "User-Agent: curl/7.47.0\r\nAccept: */*\r\n";
    /** python-requests 2.18's headers, as api_tests.py sent them. */
    static final String PYTHON_REQUESTS = "User-Agent: python-requests/2.18.4\r\nAccept-Encoding: gzip, deflate\r\n"
            + "Accept: */*\r\nConnection: keep-alive\r\n";

    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    /** {@code GET target} with Host and the given header lines (each ending in CRLF). */
    static Response get(int port, String target, String headerLines) {
        return send(port, "GET", target, headerLines);
    }

    static Response send(int port, String method, String target, String headerLines) {
        String head = method + " " + target + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n" + headerLines + "\r\n";
        return exchange(port, head.getBytes(StandardCharsets.UTF_8), !method.equals("HEAD"));
    }

    static Response exchange(int port, byte[] request, boolean expectBody) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String statusLine = readLine(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            byte[] body;
            if (!expectBody) {
                body = new byte[0];
            } else if (headers.containsKey("content-length")) {
                body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = readChunked(in);
            } else {
                body = in.readAllBytes();
            }
            return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(readLine(in).trim(), 16); size > 0; size = Integer.parseInt(readLine(in).trim(), 16)) {
            out.write(in.readNBytes(size));
            readLine(in);
        }
        return out.toByteArray();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed mid-line");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
