package llmgw.stage.auth.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The key format {@code llmgw_<id>_<secret>}: a public id to find the stored row by, and 256 random
 * bits of secret. Only the SHA-256 of the whole key is stored; a slow hash buys nothing against
 * 256 random bits, and a fast one keeps every request cheap.
 */
public final class ApiKeySecrets {
    public static final String PREFIX = "llmgw_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ID_ALPHABET = "abcdefghijkmnopqrstuvwxyz23456789".toCharArray();

    private ApiKeySecrets() {}

    /** A key's parts, as presented by a caller. */
    public record Presented(String id, String key) {}

    public static boolean looksLikeKey(String token) {
        return token.startsWith(PREFIX);
    }

    /** Splits a presented key; null when it does not have the key format. */
    public static Presented parse(String token) {
        if (!looksLikeKey(token)) return null;
        int sep = token.indexOf('_', PREFIX.length());
        if (sep < 0 || sep == PREFIX.length() || sep == token.length() - 1) return null;
        return new Presented(token.substring(PREFIX.length(), sep), token);
    }

    public static String newId() {
        StringBuilder sb = new StringBuilder(10);
        for (int i = 0; i < 10; i++) sb.append(ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)]);
        return sb.toString();
    }

    public static String newKey(String id) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return PREFIX + id + "_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    public static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Constant-time comparison of a presented key with a stored hash. */
    public static boolean matches(String key, byte[] storedHash) {
        return MessageDigest.isEqual(hash(key), storedHash);
    }

    static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }
}
