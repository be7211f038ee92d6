package dev.stowage.registry.upload;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Run in a child JVM by {@link ResumableSha256ImplementationTest}: prints which implementation is
 * in use and whether a save, restore and continue gives MessageDigest's SHA-256; exits 1 if not.
 */
final class ResumableSha256Probe {
    private ResumableSha256Probe() {}

    public static void main(String[] args) throws Exception {
        byte[] data = new byte[200_003];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 13 + 5);
        }
        ResumableSha256 first = ResumableSha256.create();
        first.update(data, 0, 100_001);
        ResumableSha256 second = ResumableSha256.restore(first.marshalBinary());
        second.update(data, 100_001, data.length - 100_001);
        boolean ok = Arrays.equals(second.sum(), MessageDigest.getInstance("SHA-256").digest(data))
                && second.length() == data.length;
        System.out.println(ResumableSha256.implementation() + (ok ? " round-trip-ok" : " round-trip-WRONG"));
        String reason = ResumableSha256.jdkUnavailableReason();
        if (reason != null) {
            System.out.println("the JDK path is unavailable: " + reason);
        }
        System.exit(ok ? 0 : 1);
    }
}
