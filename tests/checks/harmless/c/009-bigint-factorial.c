#include <stdio.h>
#include <string.h>

#define MAXDIGITS 20000

/* Digits are stored little-endian, one decimal digit per byte. */
static unsigned char digits[MAXDIGITS];

int main(void)
{
    int n;
    if (scanf("%d", &n) != 1 || n < 0 || n > 5000) {
        puts("give 0 <= n <= 5000");
        return 1;
    }
    memset(digits, 0, sizeof digits);
    digits[0] = 1;
    int len = 1;
    for (int k = 2; k <= n; k++) {
        int carry = 0;
        for (int i = 0; i < len; i++) {
            int v = digits[i] * k + carry;
            digits[i] = (unsigned char)(v % 10);
            carry = v / 10;
        }
        while (carry) {
            digits[len++] = (unsigned char)(carry % 10);
            carry /= 10;
        }
    }
    printf("%d! (%d digits) = ", n, len);
    for (int i = len - 1; i >= 0; i--)
        putchar('0' + digits[i]);
    putchar('\n');
    int sum = 0;
    for (int i = 0; i < len; i++)
        sum += digits[i];
    printf("digit sum = %d\n", sum);
    return 0;
}
