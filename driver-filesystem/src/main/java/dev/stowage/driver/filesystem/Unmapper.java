package dev.stowage.driver.filesystem;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;

/**
 * Releases a file mapping at once rather than when the garbage collector finds its buffer
 * unreachable: until then the mapped pages count in the process's resident set, and a server
 * that allocates little may not collect for a long time (eight concurrent 64 MiB answers left
 * 512 MiB mapped). Uses {@code sun.misc.Unsafe.invokeCleaner} (module {@code jdk.unsupported},
 * Java 9 on), as Lucene's and Netty's buffer releases do; where the JDK lacks it, a mapping is
 * left to the collector. JDK 24 and later print a one-time warning that the method is deprecated
 * for removal ({@code --sun-misc-unsafe-memory-access=allow} silences it); on JDK 22 and later
 * the supported way is a mapping into a {@code java.lang.foreign.Arena}, closed after the write,
 * which this Java 17 build cannot compile.
 *
 * <p>The caller must be the buffer's only user, and must not touch it afterwards: reading an
 * unmapped buffer crashes the JVM.
 */
final class Unmapper {

    private static final MethodHandle INVOKE_CLEANER = find();

    private Unmapper() {}

    /** Unmaps {@code buffer}, a mapping no one uses any more (not a slice or duplicate of one). */
    static void unmap(MappedByteBuffer buffer) {
        if (INVOKE_CLEANER == null) {
            return;
        }
        try {
            INVOKE_CLEANER.invokeExact((ByteBuffer) buffer);
        } catch (Throwable e) { // nothing is thrown for a mapping; a failure leaves it to the collector
            if (e instanceof Error error && !(e instanceof LinkageError)) {
                throw error;
            }
        }
    }

    private static MethodHandle find() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field field = unsafeClass.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            Object unsafe = field.get(null);
            return MethodHandles.lookup()
                    .findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                    .bindTo(unsafe);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
