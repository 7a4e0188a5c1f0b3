import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.Arrays;
import java.util.function.LongPredicate;

public class Main {
    /** Smallest x in [lo, hi] with p(x) true; p must be monotone. Returns hi + 1 if none. */
    static long firstTrue(long lo, long hi, LongPredicate p) {
        long ans = hi + 1;
        while (lo <= hi) {
            long mid = lo + (hi - lo) / 2;
            if (p.test(mid)) {
                ans = mid;
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        return ans;
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String first = in.readLine();
        if (first == null || first.isBlank()) {
            System.out.println("first line: positive package weights; later lines: queries");
            return;
        }
        long[] xs = Arrays.stream(first.trim().split("\\s+")).mapToLong(Long::parseLong).sorted().toArray();
        String line;
        while ((line = in.readLine()) != null) {
            line = line.trim();
            if (line.isEmpty()) continue;
            long q = Long.parseLong(line);
            int idx = Arrays.binarySearch(xs, q);
            long atMost = firstTrue(0, xs.length - 1, i -> xs[(int) i] > q);
            System.out.printf("%d: %s, %d value(s) <= %d%n", q,
                    idx >= 0 ? "present at " + idx : "absent (insert at " + (-idx - 1) + ")", atMost, q);
        }
        // smallest truck capacity that ships all packages, in order, in 3 trips
        long total = Arrays.stream(xs).sum(), biggest = xs[xs.length - 1];
        long cap = firstTrue(biggest, total, c -> {
            int trips = 1;
            long load = 0;
            for (long x : xs) {
                if (load + x > c) {
                    trips++;
                    load = 0;
                }
                load += x;
            }
            return trips <= 3;
        });
        System.out.println("smallest capacity for 3 trips: " + cap);
    }
}
