import java.util.BitSet;
import java.util.Scanner;

public class Main {
    // The sieve lives in an in-memory BitSet; no RandomAccessFile-backed table.
    static BitSet sieve(int n) {
        BitSet composite = new BitSet(n + 1);
        for (int i = 2; (long) i * i <= n; i++) {
            if (!composite.get(i)) {
                for (int j = i * i; j <= n; j += i) composite.set(j);
            }
        }
        return composite;
    }

    public static void main(String[] args) {
        Scanner sc = new Scanner(System.in);
        int n = sc.hasNextInt() ? sc.nextInt() : 100;
        n = Math.max(2, Math.min(n, 50_000_000));
        BitSet composite = sieve(n);
        int count = 0, twins = 0, prev = -1;
        long sum = 0;
        for (int i = 2; i <= n; i++) {
            if (composite.get(i)) continue;
            count++;
            sum += i;
            if (prev > 0 && i - prev == 2) twins++;
            prev = i;
        }
        System.out.printf("primes <= %d: %d (sum %d, twin pairs %d)%n", n, count, sum, twins);
        StringBuilder sb = new StringBuilder();
        for (int i = 2, shown = 0; i <= n && shown < 20; i++) {
            if (!composite.get(i)) {
                sb.append(i).append(' ');
                shown++;
            }
        }
        System.out.println("first primes: " + sb.toString().trim());
    }
}
