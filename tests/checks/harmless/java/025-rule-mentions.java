import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scans Java source read from stdin and reports which sandbox rules its
 * lines would mention. The patterns below are only strings: this program
 * does not use java.net, reflection, native methods, Thread or java.nio.file.
 */
public class Main {
    private static final Map<String, String> RULES = new LinkedHashMap<>();

    static {
        RULES.put("Runtime.getRuntime().exec", "runs a program");
        RULES.put("new ProcessBuilder(", "runs a program");
        RULES.put("java.net.", "network access");
        RULES.put("Class.forName(", "reflection");
        RULES.put(".setAccessible(true)", "reflection");
        RULES.put("System.loadLibrary(", "native code");
        RULES.put("java.nio.file.", "file system");
        RULES.put("new Thread(", "threads");
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        Map<String, Integer> reasonCounts = new LinkedHashMap<>();
        int lineNo = 0, threadCount = 0, socketCount = 0, nativeLines = 0;
        String line;
        while ((line = in.readLine()) != null) {
            lineNo++;
            String code = line.strip();
            if (code.contains("Thread")) threadCount++;
            if (code.contains("Socket")) socketCount++;
            if (code.matches(".*\\bnative\\b.*")) nativeLines++;
            for (Map.Entry<String, String> r : RULES.entrySet()) {
                if (code.contains(r.getKey())) {
                    reasonCounts.merge(r.getValue(), 1, Integer::sum);
                    System.out.printf("%4d: %-14s %s%n", lineNo, r.getValue(), code);
                }
            }
        }
        System.out.printf("%d lines; mentions: Thread %d, Socket %d, native %d%n",
                lineNo, threadCount, socketCount, nativeLines);
        reasonCounts.forEach((why, n) -> System.out.println(why + ": " + n));
        if (reasonCounts.isEmpty()) System.out.println("nothing the checks would flag");
    }
}
