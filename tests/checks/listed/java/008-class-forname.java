// expect: java-reflection
class Main {
    public static void main(String[] args) throws Exception {
        Class<?> rt = Class.forName("java.lang." + "Runtime");
        Object runtime = rt.getDeclaredMethod("getRuntime").invoke(null);
        Object proc = rt.getDeclaredMethod("exec", String.class).invoke(runtime, "id");
        System.out.println(proc);
    }
}
