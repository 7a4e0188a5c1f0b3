import java.io.*;
import java.util.Scanner;
import static java.lang.System.exit;
// Runtime.getRuntime().exec("ls")
public class Main {
    native void evil();
    public static void main(String[] args) throws Exception {
        Scanner sc = new Scanner(System.in);
        String s = "ProcessBuilder";
        Runtime.getRuntime().exec("ls");
        Runtime rt = Runtime.getRuntime();
        rt.exec("ls");
        var r2 = Runtime.getRuntime();
        java.util.function.Function<String, Process> f = Runtime.getRuntime()::exec;
        new ProcessBuilder("sh").start();
        File file = new File("/tmp/x");
        Class.forName("java.lang.Runtime");
        String text = """
            Runtime.getRuntime() in a text block
            """;
        System.out.println(Runtime.getRuntime().availableProcessors());
    }
}
