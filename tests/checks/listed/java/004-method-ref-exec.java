// expect: java-runtime-exec
import java.io.IOException;

class Main {
    interface Runner {
        Process run(String cmd) throws IOException;
    }

    public static void main(String[] args) throws IOException {
        Runner runner = Runtime.getRuntime()::exec;
        Process p = runner.run("uname -a");
        p.getInputStream().transferTo(System.out);
    }
}
