package dev.sli.store.imports;

/**
 * Run in a child JVM with a small heap: reads a generated input with a 2 GiB value or line through one
 * importer and prints "IMPORT-ERROR <message>" (exit 0) or "NO-ERROR" (exit 1); an OutOfMemoryError exits 3.
 * Arguments: {@code json-string | json-number | csv-line}.
 */
final class HugeInputChild {
    static final long TWO_GIB = 2L << 30;

    public static void main(String[] args) throws Exception {
        GeneratedInput in;
        Importer importer;
        switch (args[0]) {
            case "json-string":
                in = new GeneratedInput("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":"
                        + "{\"__name__\":\"x\"},\"values\":[[1704067200,\"", '7', TWO_GIB, "\"]]}]}}");
                importer = new PrometheusJsonImporter();
                break;
            case "json-number":
                in = new GeneratedInput("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":"
                        + "{\"__name__\":\"x\"},\"values\":[[1", '7', TWO_GIB, ",\"1\"]]}]}}");
                importer = new PrometheusJsonImporter();
                break;
            case "csv-line":
                in = new GeneratedInput("timestamp,metric,labels,value\n1704067200,x,a=", 'b', TWO_GIB, ",1\n");
                importer = new CsvImporter();
                break;
            default:
                throw new IllegalArgumentException(args[0]);
        }
        try {
            importer.read(in, "generated", (k, t, v) -> { });
            System.out.println("NO-ERROR");
            System.exit(1);
        } catch (ImportException e) {
            System.out.println("IMPORT-ERROR " + e.getMessage());
            System.out.println("READ-BYTES " + in.position());
            System.exit(0);
        } catch (OutOfMemoryError e) {
            System.out.println("OOM");
            System.exit(3);
        }
    }
}
