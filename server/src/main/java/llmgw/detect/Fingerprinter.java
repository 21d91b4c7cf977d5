package llmgw.detect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed fingerprints of detected values (HMAC-SHA256 under a per-install key), so the same secret
 * can be recognised across requests without ever being stored. Without the key a fingerprint
 * cannot be tested against guesses, which a plain hash of a phone number could.
 */
public final class Fingerprinter {
    private static final int KEY_BYTES = 32;
    private final ThreadLocal<Mac> mac;

    public Fingerprinter(byte[] key) {
        this(fixed(key));
    }

    private Fingerprinter(Supplier<SecretKeySpec> key) {
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(key.get());
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static Supplier<SecretKeySpec> fixed(byte[] key) {
        if (key.length < 16) throw new IllegalArgumentException("fingerprint key must be at least 16 bytes");
        SecretKeySpec spec = new SecretKeySpec(key.clone(), "HmacSHA256");
        return () -> spec;
    }

    /**
     * A key for this process only: fingerprints then match within one run, as in {@code llmgw scan}. The key is drawn
     * when the first value is fingerprinted: seeding a SecureRandom was a noticeable part of a short scan's start-up,
     * and a scan that finds nothing needs no key.
     */
    public static Fingerprinter ephemeral() {
        return new Fingerprinter(new Supplier<SecretKeySpec>() {
            private SecretKeySpec spec;

            @Override
            public synchronized SecretKeySpec get() {
                if (spec == null) {
                    byte[] key = new byte[KEY_BYTES];
                    new SecureRandom().nextBytes(key);
                    spec = new SecretKeySpec(key, "HmacSHA256");
                }
                return spec;
            }
        });
    }

    /** Reads the install's key, creating it (owner read/write only) on first use. */
    public static Fingerprinter forKeyFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] key = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(key);
            Files.createDirectories(file.toAbsolutePath().getParent());
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.write(file, HexFormat.of().formatHex(key).getBytes(StandardCharsets.US_ASCII));
            } catch (FileAlreadyExistsException e) {
                // another process created it first: use theirs
            }
        }
        String hex = Files.readString(file, StandardCharsets.US_ASCII).trim();
        try {
            return new Fingerprinter(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a hex key of at least 16 bytes");
        }
    }

    /** The first 128 bits of HMAC-SHA256, hex: enough to tell values apart, short enough to store per finding. */
    public String fingerprint(String value) {
        byte[] h = mac.get().doFinal(value.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(h, 0, 16);
    }
}
