import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

public class Main {
    public static void main(String[] args) throws IOException {
        // Text arrives on System.in; no FileReader or java.nio.file.Files is needed.
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        Map<String, Integer> counts = new HashMap<>();
        String line;
        int lines = 0;
        while ((line = in.readLine()) != null) {
            lines++;
            for (String w : line.toLowerCase().split("[^\\p{L}\\p{N}']+")) {
                if (!w.isEmpty()) counts.merge(w, 1, Integer::sum);
            }
        }
        System.out.printf("%d lines, %d distinct words%n", lines, counts.size());
        String top = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                        .thenComparing(Map.Entry.<String, Integer>comparingByKey()))
                .limit(10)
                .map(e -> String.format("%-15s %d", e.getKey(), e.getValue()))
                .collect(Collectors.joining("\n"));
        System.out.println(top);
    }
}
