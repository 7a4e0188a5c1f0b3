import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Scanner;

public class Main {
    static class InsufficientFundsException extends Exception {
        InsufficientFundsException(String msg) { super(msg); }
    }

    static class Account {
        private final String owner;
        private BigDecimal balance = BigDecimal.ZERO;
        private int transactions;

        Account(String owner) { this.owner = owner; }

        void deposit(BigDecimal amount) {
            if (amount.signum() <= 0) throw new IllegalArgumentException("deposit must be positive");
            balance = balance.add(amount);
            transactions++;
        }

        void withdraw(BigDecimal amount) throws InsufficientFundsException {
            if (amount.compareTo(balance) > 0)
                throw new InsufficientFundsException(owner + " has only " + balance);
            balance = balance.subtract(amount);
            transactions++;
        }

        void addInterest(BigDecimal ratePercent) {
            BigDecimal interest = balance.multiply(ratePercent).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_EVEN);
            balance = balance.add(interest);
        }

        @Override
        public String toString() {
            return String.format("%-10s %12s (%d tx)", owner, balance.setScale(2, RoundingMode.HALF_EVEN), transactions);
        }
    }

    public static void main(String[] args) {
        Map<String, Account> accounts = new LinkedHashMap<>();
        Scanner sc = new Scanner(System.in);
        while (sc.hasNext()) {
            String op = sc.next();
            if (!sc.hasNext()) break;
            Account acc = accounts.computeIfAbsent(sc.next(), Account::new);
            if (!sc.hasNext()) break;
            String amount = sc.next();
            try {
                switch (op) {
                    case "dep" -> acc.deposit(new BigDecimal(amount));
                    case "wd" -> acc.withdraw(new BigDecimal(amount));
                    case "int" -> acc.addInterest(new BigDecimal(amount));
                    default -> System.out.println("unknown op " + op);
                }
            } catch (InsufficientFundsException | IllegalArgumentException e) {
                System.out.println("rejected: " + e.getMessage());
            }
        }
        accounts.values().forEach(System.out::println);
    }
}
