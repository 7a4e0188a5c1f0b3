import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayDeque;
import java.util.Deque;

public class Main {
    // Everything is evaluated in-process. Shelling out with
    // Runtime.getRuntime().exec("dc") would be rejected by the sandbox.
    static long eval(String expr) {
        Deque<Long> stack = new ArrayDeque<>();
        for (String tok : expr.trim().split("\\s+")) {
            switch (tok) {
                case "+", "-", "*", "/", "%" -> {
                    if (stack.size() < 2) throw new IllegalStateException("stack underflow at " + tok);
                    long b = stack.pop(), a = stack.pop();
                    stack.push(switch (tok) {
                        case "+" -> Math.addExact(a, b);
                        case "-" -> Math.subtractExact(a, b);
                        case "*" -> Math.multiplyExact(a, b);
                        case "/" -> a / b;
                        default -> a % b;
                    });
                }
                case "dup" -> {
                    if (stack.isEmpty()) throw new IllegalStateException("dup on empty stack");
                    stack.push(stack.peek());
                }
                case "swap" -> {
                    if (stack.size() < 2) throw new IllegalStateException("swap needs two values");
                    long b = stack.pop(), a = stack.pop();
                    stack.push(b);
                    stack.push(a);
                }
                default -> stack.push(Long.parseLong(tok));
            }
        }
        if (stack.size() != 1) throw new IllegalStateException(stack.size() + " values left on stack");
        return stack.pop();
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        String line;
        int n = 0;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) continue;
            n++;
            try {
                System.out.println(n + ": " + eval(line));
            } catch (RuntimeException e) {
                System.out.println(n + ": error: " + e.getMessage());
            }
        }
    }
}
