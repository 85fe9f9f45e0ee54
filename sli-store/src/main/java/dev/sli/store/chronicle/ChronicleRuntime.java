package dev.sli.store.chronicle;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What Chronicle Map needs from the JVM, checked before any Chronicle class is loaded, so that a store
 * opened without it fails with one line saying what to add instead of an error from deep inside
 * Chronicle. It also keeps Chronicle quiet and contained, as an embedded library must be: its start-up
 * banner and usage analytics are switched off (the analytics artifact is not even on the class path),
 * chronicle-core is pointed at an empty properties file of ours, so that it does not load a
 * {@code system.properties} file from the working directory into the system properties, and JNA unpacks
 * its native library into {@code java.io.tmpdir} instead of the user's home. Properties the
 * user set explicitly are left as they are. Stateless and thread-safe.
 */
public final class ChronicleRuntime {

    /** The flags every JVM that opens a store needs, as one copy-paste line (also in the README). */
    public static final String JVM_FLAGS = "--add-opens=java.base/java.lang=ALL-UNNAMED"
            + " --add-opens=java.base/java.lang.reflect=ALL-UNNAMED"
            + " --add-exports=java.base/sun.nio.ch=ALL-UNNAMED"
            + " --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED"
            + " --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED"
            + " -Dchronicle.analytics.disable=true -Dchronicle.announcer.disable=true";

    /** Two more flags for JDK 24 and later, which only silence its warnings about native and Unsafe access. */
    public static final String JVM_FLAGS_JDK24 = "--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow";

    /** The classpath resource chronicle-core reads instead of a {@code system.properties} in the working directory. */
    static final String NO_SYSTEM_PROPERTIES = "dev/sli/store/chronicle/no-system.properties";

    private ChronicleRuntime() {
    }

    /**
     * Checks that this JVM can run Chronicle Map and quiets it.
     *
     * @throws NotReadyException naming every missing flag (or the missing full JDK) and the line to add
     */
    public static void requireReady() {
        quiet();
        List<String> missing = missing();
        if (!missing.isEmpty()) {
            throw new NotReadyException("sli-store needs JVM flags that this JVM was started without: "
                    + String.join(", ", missing) + ". Start java with: " + flagsForThisJvm());
        }
    }

    /**
     * This JVM cannot open a store: it was started without Chronicle Map's flags, or is not a full JDK. The
     * message names what is missing and the line to add; a fault of how the JVM was started, not of the data.
     */
    public static final class NotReadyException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NotReadyException(String message) {
            super(message);
        }
    }

    /** The flags this JVM needs: {@link #JVM_FLAGS}, and {@link #JVM_FLAGS_JDK24} on JDK 24 and later. */
    public static String flagsForThisJvm() {
        return Runtime.version().feature() >= 24 ? JVM_FLAGS + " " + JVM_FLAGS_JDK24 : JVM_FLAGS;
    }

    /** What this JVM lacks for Chronicle Map, each as the flag (or requirement) to add; empty when ready. */
    static List<String> missing() {
        List<String> missing = new ArrayList<>();
        Module base = Object.class.getModule();
        Module us = ChronicleRuntime.class.getModule();
        if (!base.isOpen("java.lang", us)) {
            missing.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
        }
        if (!base.isOpen("java.lang.reflect", us)) {
            missing.add("--add-opens=java.base/java.lang.reflect=ALL-UNNAMED");
        }
        if (!base.isExported("sun.nio.ch", us)) {
            missing.add("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED");
        }
        Optional<Module> compiler = ModuleLayer.boot().findModule("jdk.compiler");
        if (compiler.isEmpty()) {
            missing.add("a full JDK (module jdk.compiler: Chronicle Map compiles code at run time; a JRE or a jlink"
                    + " image without it cannot)");
        } else if (!compiler.get().isExported("com.sun.tools.javac.file", us)) {
            missing.add("--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED");
        }
        return missing;
    }

    private static void quiet() {
        setIfAbsent("chronicle.analytics.disable", "true");
        setIfAbsent("chronicle.announcer.disable", "true");
        setIfAbsent("system.properties", NO_SYSTEM_PROPERTIES);
        // JNA (under chronicle-core) unpacks its native library into ~/.cache/JNA unless told otherwise
        setIfAbsent("jna.tmpdir", System.getProperty("java.io.tmpdir"));
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
