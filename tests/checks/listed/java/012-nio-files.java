// expect: java-files
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

class Main {
    public static void main(String[] args) throws Exception {
        List<String> lines = Files.readAllLines(Path.of("/etc/passwd"));
        Files.write(Path.of("/tmp/copy.txt"), lines);
        System.out.println(lines.size());
    }
}
