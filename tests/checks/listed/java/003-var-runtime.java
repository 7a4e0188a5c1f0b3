// expect: java-runtime-exec
class Main {
    public static void main(String[] args) throws Exception {
        var r = Runtime.getRuntime();
        var proc = r.exec(new String[] {"whoami"});
        System.out.print(new String(proc.getInputStream().readAllBytes()));
    }
}
