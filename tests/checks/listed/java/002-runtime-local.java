// expect: java-runtime-exec
class Main {
    public static void main(String[] args) throws Exception {
        Runtime rt = Runtime.getRuntime();
        Process p = rt.exec("ls -la /");
        p.getInputStream().transferTo(System.out);
    }
}
