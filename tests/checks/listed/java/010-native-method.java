// expect: java-native
class Main {
    static {
        System.loadLibrary("payload");
    }

    private static native int runNative(String cmd);

    public static void main(String[] args) {
        System.out.println(runNative("id"));
    }
}
