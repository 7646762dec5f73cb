package dev.costagent.benchmarks.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} (the Debian package) for the store benchmarks: loopback only, no persistence, a temporary
 * folder; stopped by {@link #close}.
 */
final class RedisProcess implements AutoCloseable {

    private final Process process;
    private final Path dir;
    final int port;

    private RedisProcess(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** On a free port. */
    static RedisProcess start() throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        return start(port);
    }

    static RedisProcess start(int port) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("bench-redis");
        Process p;
        try {
            p = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir",
                    dir.toString(), "--save", "", "--appendonly", "no").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("the store benchmarks need redis-server (apt-get install -y redis-server)", e);
        }
        CountDownLatch ready = new CountDownLatch(1);
        StringBuffer output = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.append(line).append('\n');
                    if (line.contains("Ready to accept connections")) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                // The process ended.
            }
            ready.countDown();
        }, "bench-redis-output");
        reader.setDaemon(true);
        reader.start();
        if (!ready.await(30, TimeUnit.SECONDS) || !p.isAlive()) {
            p.destroyForcibly();
            throw new IllegalStateException("redis-server did not start on port " + port + ":\n" + output);
        }
        // A fork that fails before its tear-down must not leave the server running.
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy, "bench-redis-stop"));
        return new RedisProcess(p, dir, port);
    }

    /**
     * {@code GET key} over a plain socket, as a string, null when there is no such key. The forks under the agent
     * check the store this way rather than with a Redis client, whose classes would meet the agent's own.
     */
    String get(String key) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            OutputStream out = s.getOutputStream();
            out.write(("*2\r\n$3\r\nGET\r\n$" + k.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(k);
            out.write("\r\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String header = in.readLine();
            if (header == null || !header.startsWith("$")) {
                throw new IOException("unexpected reply to GET: " + header);
            }
            return header.equals("$-1") ? null : in.readLine();
        }
    }

    @Override
    public void close() throws InterruptedException, IOException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }
}
