// expect: java-net
class Main {
    public static void main(String[] args) throws Exception {
        java.net.URL url = new java.net.URL("http://169.254.169.254/latest/meta-data/");
        try (var in = url.openStream()) {
            System.out.println(new String(in.readAllBytes()));
        }
    }
}
