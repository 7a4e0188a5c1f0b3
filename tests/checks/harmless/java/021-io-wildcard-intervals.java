import java.io.*;
import java.util.ArrayList;
import java.util.List;

/*
 * Uses the java.io.* wildcard import for BufferedReader, InputStreamReader,
 * PrintWriter and IOException only. java.io.File, FileReader and
 * FileOutputStream are never referenced: input is System.in, output System.out.
 */
public class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out)));
        List<int[]> intervals = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            String[] p = line.trim().split("\\s+");
            if (p.length < 2) continue;
            try {
                int a = Integer.parseInt(p[0]), b = Integer.parseInt(p[1]);
                intervals.add(new int[] {Math.min(a, b), Math.max(a, b)});
            } catch (NumberFormatException e) {
                out.println("skipping: " + line);
            }
        }
        intervals.sort((x, y) -> Integer.compare(x[0], y[0]));
        List<int[]> merged = new ArrayList<>();
        for (int[] iv : intervals) {
            if (!merged.isEmpty() && iv[0] <= merged.get(merged.size() - 1)[1]) {
                int[] last = merged.get(merged.size() - 1);
                last[1] = Math.max(last[1], iv[1]);
            } else {
                merged.add(iv.clone());
            }
        }
        long covered = 0;
        for (int[] iv : merged) {
            out.printf("[%d, %d]%n", iv[0], iv[1]);
            covered += (long) iv[1] - iv[0];
        }
        out.printf("%d interval(s) merged into %d, total length %d%n", intervals.size(), merged.size(), covered);
        out.flush();
    }
}
