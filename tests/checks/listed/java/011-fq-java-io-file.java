// expect: java-files
class Main {
    public static void main(String[] args) {
        java.io.File dir = new java.io.File("/etc");
        String[] names = dir.list();
        if (names != null) {
            for (String n : names) System.out.println(n);
        }
        new java.io.File("/tmp/marker").delete();
    }
}
