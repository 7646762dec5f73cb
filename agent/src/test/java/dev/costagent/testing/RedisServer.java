package dev.costagent.testing;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.opentest4j.TestAbortedException;

/**
 * A real {@code redis-server} (the Debian package) for the tests: started on a free loopback port with a temporary
 * folder and no persistence unless a test asks for it, stopped (and its folder removed) by {@link #close}. Tests of a
 * class share one where they can.
 *
 * <p>Without the binary, outside CI, the test is skipped with one line saying why; under {@code CI=true} it fails.
 *
 * <p>{@link #call} is a minimal RESP client of its own, so that a test reads the store without the client under
 * test. Used by the agent's tests and, as a test jar, by the end-to-end tests in {@code demo-pipeline}.
 */
public final class RedisServer implements AutoCloseable {

    private static final String BINARY = "redis-server";

    private final Path dir;
    private final int port;
    private final int plainPort;
    private final List<String> options;
    private final String password;
    private Process process;
    private final StringBuffer output = new StringBuffer();

    private RedisServer(Path dir, int port, int plainPort, List<String> options, String password) {
        this.dir = dir;
        this.port = port;
        this.plainPort = plainPort;
        this.options = options;
        this.password = password;
    }

    /** A server on a free loopback port, with extra {@code redis-server} options (such as {@code --maxmemory}). */
    public static RedisServer start(String... options) throws IOException {
        return start(null, List.of(options));
    }

    /** A server that wants {@code password} ({@code --requirepass}). */
    public static RedisServer withPassword(String password) throws IOException {
        return start(password, List.of("--requirepass", password));
    }

    /**
     * A TLS server: {@link #port()} is its TLS port (certificate and key from {@code tls}, clients not asked for a
     * certificate); {@link #call} talks to a plain port beside it.
     */
    public static RedisServer withTls(TlsFiles tls) throws IOException {
        requireBinary();
        if (!supportsTls()) {
            throw new TestAbortedException("this redis-server was built without TLS");
        }
        int tlsPort = freePort();
        return start(null, List.of("--tls-port", Integer.toString(tlsPort), "--tls-cert-file", tls.cert().toString(),
                "--tls-key-file", tls.key().toString(), "--tls-ca-cert-file", tls.cert().toString(),
                "--tls-auth-clients", "no"), tlsPort);
    }

    private static RedisServer start(String password, List<String> extra) throws IOException {
        return start(password, extra, -1);
    }

    private static RedisServer start(String password, List<String> extra, int tlsPort) throws IOException {
        requireBinary();
        Path dir = Files.createTempDirectory("redis-test");
        int plain = freePort();
        RedisServer s = new RedisServer(dir, tlsPort > 0 ? tlsPort : plain, plain, List.copyOf(extra), password);
        s.launch();
        return s;
    }

    private static void requireBinary() {
        if (binary() == null) {
            String why = BINARY + " is not installed (apt-get install -y redis-server)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(why + "; under CI the store tests must run");
            }
            System.err.println("[RedisServer] skipped: " + why);
            throw new TestAbortedException(why);
        }
    }

    private static String binary() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path p = Path.of(d, BINARY);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    private static boolean supportsTls() {
        try {
            // Debian's build links OpenSSL; the binary's own libraries say whether this one does.
            Process ldd = new ProcessBuilder("ldd", binary()).redirectErrorStream(true).start();
            String libs = new String(ldd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            ldd.waitFor(10, TimeUnit.SECONDS);
            return libs.contains("libssl");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts the process and waits for its "Ready to accept connections". */
    private void launch() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(binary(), "--port", Integer.toString(plainPort), "--bind",
                "127.0.0.1", "--dir", dir.toString(), "--save", "", "--appendonly", "no"));
        cmd.addAll(options);
        process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.append(line).append('\n');
                    if (line.contains("Ready to accept connections")) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                output.append("<output broken: ").append(e).append(">\n");
            }
            ready.countDown();
        }, "redis-server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!ready.await(30, TimeUnit.SECONDS) || !process.isAlive()) {
                throw new IllegalStateException("redis-server did not start:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while redis-server started", e);
        }
    }

    /** The port clients connect to (the TLS port of a TLS server). */
    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>} ({@code rediss://} for a TLS server), without credentials. */
    public String url() {
        return (port != plainPort ? "rediss" : "redis") + "://127.0.0.1:" + port;
    }

    public Path dir() {
        return dir;
    }

    /** What the server printed. */
    public String output() {
        return output.toString();
    }

    /** Kills the server at once ({@code SIGKILL}), as a crash would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Starts the server again on the same port, folder and options (after {@link #kill}). */
    public void restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException("restart a server that was killed");
        }
        launch();
    }

    /**
     * Sends one command and returns its reply: a {@code String} for simple and bulk strings, {@code Long},
     * {@code List<Object>}, null; an error reply throws {@link IllegalStateException}.
     */
    public Object call(String... command) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), plainPort)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = new BufferedInputStream(s.getInputStream());
            if (password != null) {
                write(out, "AUTH", password);
                read(in);
            }
            write(out, command);
            return read(in);
        }
    }

    /** The value of a string key as a long, 0 when it does not exist. */
    public long longValue(String key) throws IOException {
        Object v = call("GET", key);
        return v == null ? 0 : Long.parseLong((String) v);
    }

    private static void write(OutputStream out, String... args) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (String a : args) {
            byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
            b.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            b.writeBytes(bytes);
            b.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.write(b.toByteArray());
        out.flush();
    }

    private static Object read(InputStream in) throws IOException {
        int type = in.read();
        String line = line(in);
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new IllegalStateException(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                byte[] b = in.readNBytes(n);
                line(in);
                return new String(b, StandardCharsets.UTF_8);
            }
            case '*': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(read(in));
                }
                return items;
            }
            default:
                throw new IOException("not a RESP reply: " + (char) type + line);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != -1; ) {
            if (c == '\r') {
                in.read();
                break;
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A self-signed certificate for 127.0.0.1 and its key (PEM), and a trust store (PKCS12) holding it. */
    public record TlsFiles(Path cert, Path key, Path trustStore, String trustStorePassword) {

        /** Makes them in {@code dir} with {@code openssl} and {@code keytool}. */
        public static TlsFiles make(Path dir) throws IOException, InterruptedException {
            Path cert = dir.resolve("redis.crt");
            Path key = dir.resolve("redis.key");
            Path store = dir.resolve("trust.p12");
            run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                    "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.toString(), "-out",
                    cert.toString());
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            run(dir, keytool, "-importcert", "-noprompt", "-alias", "redis", "-file", cert.toString(), "-keystore",
                    store.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
            return new TlsFiles(cert, key, store, "changeit");
        }

        private static void run(Path dir, String... cmd) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed:\n" + out);
            }
        }
    }
}
