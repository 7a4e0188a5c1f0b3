import java.util.Scanner;

public class Main {
    static final long MOD = 1_000_000_007L;

    static long[][] multiply(long[][] a, long[][] b) {
        int n = a.length, m = b[0].length, k = b.length;
        long[][] c = new long[n][m];
        for (int i = 0; i < n; i++)
            for (int t = 0; t < k; t++) {
                if (a[i][t] == 0) continue;
                for (int j = 0; j < m; j++) c[i][j] = (c[i][j] + a[i][t] * b[t][j]) % MOD;
            }
        return c;
    }

    static long[][] power(long[][] base, long e) {
        int n = base.length;
        long[][] r = new long[n][n];
        for (int i = 0; i < n; i++) r[i][i] = 1;
        while (e > 0) {
            if ((e & 1) == 1) r = multiply(r, base);
            base = multiply(base, base);
            e >>= 1;
        }
        return r;
    }

    public static void main(String[] args) {
        Scanner sc = new Scanner(System.in);
        // Tribonacci: T(n) = T(n-1) + T(n-2) + T(n-3), with T(0)=0, T(1)=0, T(2)=1
        long[][] step = {{1, 1, 1}, {1, 0, 0}, {0, 1, 0}};
        while (sc.hasNextLong()) {
            long n = sc.nextLong();
            if (n < 0) {
                System.out.println("n must be non-negative");
                continue;
            }
            long fib = power(new long[][] {{1, 1}, {1, 0}}, n)[0][1];
            long trib = n < 2 ? 0 : power(step, n - 2)[0][0];
            System.out.printf("n=%d  F(n) mod p = %d  T(n) mod p = %d%n", n, fib, trib);
        }
    }
}
