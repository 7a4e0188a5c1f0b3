import java.math.BigInteger;
import java.util.Scanner;

public class Main {
    static BigInteger factorial(int n) {
        BigInteger r = BigInteger.ONE;
        for (int i = 2; i <= n; i++) r = r.multiply(BigInteger.valueOf(i));
        return r;
    }

    static BigInteger binomial(int n, int k) {
        BigInteger r = BigInteger.ONE;
        for (int i = 1; i <= k; i++) {
            r = r.multiply(BigInteger.valueOf(n - k + i)).divide(BigInteger.valueOf(i));
        }
        return r;
    }

    public static void main(String[] args) {
        Scanner sc = new Scanner(System.in);
        while (sc.hasNextInt()) {
            int n = sc.nextInt();
            if (n < 0 || n > 5000) {
                System.out.println(n + ": out of range");
                continue;
            }
            BigInteger f = factorial(n);
            String digits = f.toString();
            int zeros = digits.length() - digits.replaceAll("0+$", "").length();
            System.out.printf("%d! has %d digits, %d trailing zeros%n", n, digits.length(), zeros);
            System.out.println("  C(" + n + "," + n / 2 + ") = " + binomial(n, n / 2));
            BigInteger p = BigInteger.TWO.pow(n).subtract(BigInteger.ONE);
            System.out.println("  2^" + n + "-1 probably prime? " + p.isProbablePrime(30));
            System.out.println("  gcd(n!, 2^n-1) = " + f.gcd(p));
        }
    }
}
