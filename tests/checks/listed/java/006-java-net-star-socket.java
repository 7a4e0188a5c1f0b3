// expect: java-net
import java.io.OutputStream;
import java.net.*;

class Main {
    public static void main(String[] args) throws Exception {
        try (Socket s = new Socket("10.0.0.1", 4444)) {
            OutputStream out = s.getOutputStream();
            out.write("hello\n".getBytes());
            out.flush();
        }
    }
}
