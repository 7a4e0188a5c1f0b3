// expect: java-runtime-exec
import java.io.IOException;

class Main {
    public static void main(String[] args) throws IOException, InterruptedException {
        Process p = Runtime.getRuntime().exec(new String[] {"sh", "-c", "id"});
        System.out.println(new String(p.getInputStream().readAllBytes()));
        System.out.println("exit " + p.waitFor());
    }
}
