import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Scanner;

public class Main {
    // Amortisation schedule computed with BigDecimal to avoid binary rounding errors.
    public static void main(String[] args) {
        Scanner sc = new Scanner(System.in);
        if (!sc.hasNext()) {
            System.out.println("input: principal annualRatePercent months");
            return;
        }
        BigDecimal principal = new BigDecimal(sc.next());
        BigDecimal annualRate = new BigDecimal(sc.next());
        int months = sc.nextInt();
        if (months <= 0) {
            System.out.println("months must be positive");
            return;
        }
        MathContext mc = MathContext.DECIMAL64;
        BigDecimal r = annualRate.divide(BigDecimal.valueOf(1200), mc);
        BigDecimal payment;
        if (r.signum() == 0) {
            payment = principal.divide(BigDecimal.valueOf(months), 2, RoundingMode.HALF_UP);
        } else {
            BigDecimal factor = BigDecimal.ONE.add(r).pow(months, mc);
            payment = principal.multiply(r).multiply(factor)
                    .divide(factor.subtract(BigDecimal.ONE), 2, RoundingMode.HALF_UP);
        }
        System.out.println("monthly payment: " + payment);
        BigDecimal balance = principal, totalInterest = BigDecimal.ZERO;
        for (int m = 1; m <= months; m++) {
            BigDecimal interest = balance.multiply(r).setScale(2, RoundingMode.HALF_UP);
            BigDecimal toPrincipal = payment.subtract(interest);
            if (m == months || toPrincipal.compareTo(balance) > 0) toPrincipal = balance;
            balance = balance.subtract(toPrincipal);
            totalInterest = totalInterest.add(interest);
            if (m <= 3 || m > months - 3) {
                System.out.printf("%3d  interest %10s  principal %10s  balance %12s%n", m, interest, toPrincipal, balance);
            } else if (m == 4) {
                System.out.println("  ...");
            }
        }
        System.out.println("total interest: " + totalInterest);
    }
}
