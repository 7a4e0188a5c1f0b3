// expect: java-process-builder
import java.util.List;

class Main {
    public static void main(String[] args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of("sh", "-c", "cat /etc/passwd"));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        p.getInputStream().transferTo(System.out);
        System.out.println("exit " + p.waitFor());
    }
}
