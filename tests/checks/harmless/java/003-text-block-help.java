import java.util.Scanner;

public class Main {
    // A help screen kept in a text block. The "forbidden" calls below are
    // only text shown to the user; none of them is invoked.
    private static final String HELP = """
            Sandbox calculator
            ==================
            Enter expressions like "3 + 4" or "10 / 4", one per line.

            Not available here:
              Runtime.getRuntime().exec("calc") is disabled
              new ProcessBuilder("bc").start() is disabled
              System.loadLibrary("m") is disabled
            """;

    static double apply(double a, String op, double b) {
        return switch (op) {
            case "+" -> a + b;
            case "-" -> a - b;
            case "*", "x" -> a * b;
            case "/" -> {
                if (b == 0) throw new ArithmeticException("division by zero");
                yield a / b;
            }
            case "^" -> Math.pow(a, b);
            default -> throw new IllegalArgumentException("unknown operator " + op);
        };
    }

    public static void main(String[] args) {
        Scanner sc = new Scanner(System.in);
        if (!sc.hasNextLine()) {
            System.out.print(HELP);
            return;
        }
        while (sc.hasNextLine()) {
            String line = sc.nextLine().trim();
            if (line.isEmpty()) continue;
            if (line.equals("help")) {
                System.out.print(HELP);
                continue;
            }
            String[] p = line.split("\\s+");
            try {
                if (p.length != 3) throw new IllegalArgumentException("expected: a op b");
                double r = apply(Double.parseDouble(p[0]), p[1], Double.parseDouble(p[2]));
                System.out.printf("%s = %.6g%n", line, r);
            } catch (ArithmeticException | IllegalArgumentException e) {
                System.out.println(line + ": " + e.getMessage());
            }
        }
    }
}
