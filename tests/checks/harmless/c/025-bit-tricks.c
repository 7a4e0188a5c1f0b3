#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>

union word {
    uint32_t u;
    float f;
    uint8_t bytes[4];
};

static int popcount32(uint32_t x)
{
    int c = 0;
    while (x) {
        x &= x - 1;
        c++;
    }
    return c;
}

static uint32_t reverse_bits(uint32_t x)
{
    uint32_t r = 0;
    for (int i = 0; i < 32; i++) {
        r = (r << 1) | (x & 1);
        x >>= 1;
    }
    return r;
}

static int is_pow2(uint32_t x)
{
    return x && !(x & (x - 1));
}

int main(void)
{
    uint32_t x;
    while (scanf("%" SCNu32, &x) == 1) {
        union word w = { .u = x };
        printf("x=%" PRIu32 " hex=0x%08" PRIX32 "\n", x, x);
        printf("  popcount=%d reversed=0x%08" PRIX32 " pow2=%s\n",
               popcount32(x), reverse_bits(x), is_pow2(x) ? "yes" : "no");
        printf("  lowest set bit=%" PRIu32 " bytes=%02x %02x %02x %02x as float=%g\n",
               x & (~x + 1), w.bytes[0], w.bytes[1], w.bytes[2], w.bytes[3], (double)w.f);
    }
    return 0;
}
