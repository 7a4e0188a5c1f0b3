// expect: java-reflection
class Main {
    static class Vault {
        private String secret = "s3cr3t";
    }

    public static void main(String[] args) throws Exception {
        Vault v = new Vault();
        var f = v.getClass().getDeclaredField("secret");
        f.setAccessible(true);
        System.out.println(f.get(v));
    }
}
