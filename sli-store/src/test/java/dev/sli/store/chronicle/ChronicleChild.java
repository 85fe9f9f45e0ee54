package dev.sli.store.chronicle;

import java.nio.file.Files;
import java.nio.file.Path;
import net.openhft.chronicle.map.ChronicleMap;

/**
 * A child JVM for {@link ChronicleRuntimeTest}: checks the runtime, opens a persisted map in the directory
 * given, and prints what the parent asserts on. Exit 0 when the map worked, 2 with our one-line message
 * when the JVM is not ready.
 */
final class ChronicleChild {

    private ChronicleChild() {
    }

    public static void main(String[] args) throws Exception {
        try {
            ChronicleRuntime.requireReady();
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        try (ChronicleMap<byte[], byte[]> map = ChronicleMap.of(byte[].class, byte[].class).name("child")
                .entries(100).averageKeySize(8).averageValueSize(16).createPersistedTo(dir.resolve("child.map").toFile())) {
            map.put(new byte[] {1}, new byte[] {2, 3});
            System.out.println("value " + map.get(new byte[] {1}).length);
        }
        System.out.println("leak " + System.getProperty("sli.test.leak"));
        System.out.println("files " + Files.exists(dir.resolve("child.map")));
    }
}
