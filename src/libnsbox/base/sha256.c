/* sha256.c - SHA-256 as specified in FIPS 180-4, section 6.2. */
#include "base/sha256.h"

#include <stdbool.h>
#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

static const uint32_t round_constants[64] = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t
rotr (uint32_t x, unsigned n)
{
  return (x >> n) | (x << (32 - n));
}

static inline uint32_t
load_be32 (const uint8_t *p)
{
  return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | (uint32_t) p[3];
}

static inline void
store_be32 (uint8_t *p, uint32_t v)
{
  p[0] = v >> 24;
  p[1] = v >> 16;
  p[2] = v >> 8;
  p[3] = v;
}

static void
compress (uint32_t state[8], const uint8_t block[64])
{
  uint32_t w[64];
  uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
  uint32_t e = state[4], f = state[5], g = state[6], h = state[7];

  for (int t = 0; t < 16; t++)
    w[t] = load_be32 (block + 4 * t);
  for (int t = 16; t < 64; t++)
    {
      uint32_t s0 = rotr (w[t - 15], 7) ^ rotr (w[t - 15], 18) ^ (w[t - 15] >> 3);
      uint32_t s1 = rotr (w[t - 2], 17) ^ rotr (w[t - 2], 19) ^ (w[t - 2] >> 10);
      w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
  for (int t = 0; t < 64; t++)
    {
      uint32_t t1 = h + (rotr (e, 6) ^ rotr (e, 11) ^ rotr (e, 25)) + ((e & f) ^ (~e & g)) + round_constants[t] + w[t];
      uint32_t t2 = (rotr (a, 2) ^ rotr (a, 13) ^ rotr (a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      h = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
  state[0] += a;
  state[1] += b;
  state[2] += c;
  state[3] += d;
  state[4] += e;
  state[5] += f;
  state[6] += g;
  state[7] += h;
}

#if defined(__x86_64__)
/* The SHA extensions (AMD since Zen, Intel since Goldmont and Ice Lake) do
 * two rounds per instruction.  The seccomp cache key hashes the whole profile
 * on every nsbox exec: 73 us for the 23.5 kB default profile with the loop
 * above, 12 us with these (bench/README.md); layer digests gain alike.
 * The state lives as ABEF and CDGH, the order sha256rnds2 works on. */
__attribute__ ((target ("sha,ssse3,sse4.1"))) static void
compress_shani (uint32_t state[8], const uint8_t *p, size_t blocks)
{
  const __m128i bswap = _mm_set_epi64x (0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i abcd = _mm_loadu_si128 ((const __m128i *) &state[0]);
  __m128i efgh = _mm_loadu_si128 ((const __m128i *) &state[4]);
  __m128i badc = _mm_shuffle_epi32 (abcd, 0xb1);
  __m128i hgfe = _mm_shuffle_epi32 (efgh, 0x1b);
  __m128i abef = _mm_alignr_epi8 (badc, hgfe, 8);
  __m128i cdgh = _mm_blend_epi16 (hgfe, badc, 0xf0);

  for (; blocks > 0; blocks--, p += 64)
    {
      __m128i saved_abef = abef, saved_cdgh = cdgh;
      __m128i w[4];

      /* Sixteen groups of four rounds; w[] holds the last four groups of
       * message words, each new one made from the four before it. */
      for (int g = 0; g < 16; g++)
        {
          __m128i msg;

          if (g < 4)
            w[g] = _mm_shuffle_epi8 (_mm_loadu_si128 ((const __m128i *) (p + 16 * g)), bswap);
          msg = _mm_add_epi32 (w[g & 3], _mm_loadu_si128 ((const __m128i *) &round_constants[4 * g]));
          cdgh = _mm_sha256rnds2_epu32 (cdgh, abef, msg);
          abef = _mm_sha256rnds2_epu32 (abef, cdgh, _mm_shuffle_epi32 (msg, 0x0e));
          if (g >= 3 && g < 15)
            {
              int next = (g + 1) & 3; /* holds the group from three back */
              __m128i t = _mm_sha256msg1_epu32 (w[next], w[(g + 2) & 3]);
              t = _mm_add_epi32 (t, _mm_alignr_epi8 (w[g & 3], w[(g + 3) & 3], 4));
              w[next] = _mm_sha256msg2_epu32 (t, w[g & 3]);
            }
        }
      abef = _mm_add_epi32 (abef, saved_abef);
      cdgh = _mm_add_epi32 (cdgh, saved_cdgh);
    }
  {
    __m128i feba = _mm_shuffle_epi32 (abef, 0x1b);
    __m128i dchg = _mm_shuffle_epi32 (cdgh, 0xb1);
    _mm_storeu_si128 ((__m128i *) &state[0], _mm_blend_epi16 (feba, dchg, 0xf0));
    _mm_storeu_si128 ((__m128i *) &state[4], _mm_alignr_epi8 (dchg, feba, 8));
  }
}

static bool
cpu_has_shani (void)
{
  unsigned a, b, c, d;

  if (!__get_cpuid (1, &a, &b, &c, &d) || !(c & bit_SSSE3) || !(c & bit_SSE4_1))
    return false;
  return __get_cpuid_count (7, 0, &a, &b, &c, &d) && (b & bit_SHA);
}
#endif

static void
compress_blocks (uint32_t state[8], const uint8_t *p, size_t blocks)
{
#if defined(__x86_64__)
  static int shani = -1; /* not yet asked */
  int have = __atomic_load_n (&shani, __ATOMIC_RELAXED);

  if (have < 0)
    {
      have = cpu_has_shani ();
      __atomic_store_n (&shani, have, __ATOMIC_RELAXED);
    }
  if (have)
    {
      compress_shani (state, p, blocks);
      return;
    }
#endif
  for (; blocks > 0; blocks--, p += 64)
    compress (state, p);
}

void
nsbox_sha256_init (struct nsbox_sha256 *ctx)
{
  static const uint32_t initial[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  };

  memcpy (ctx->state, initial, sizeof initial);
  ctx->length = 0;
  ctx->fill = 0;
}

void
nsbox_sha256_update (struct nsbox_sha256 *ctx, const void *data, size_t len)
{
  const uint8_t *p = data;

  ctx->length += len;
  if (ctx->fill > 0)
    {
      size_t take = sizeof ctx->block - ctx->fill;
      if (take > len)
        take = len;
      memcpy (ctx->block + ctx->fill, p, take);
      ctx->fill += take;
      p += take;
      len -= take;
      if (ctx->fill < sizeof ctx->block)
        return;
      compress_blocks (ctx->state, ctx->block, 1);
      ctx->fill = 0;
    }
  compress_blocks (ctx->state, p, len / sizeof ctx->block);
  p += len - len % sizeof ctx->block;
  len %= sizeof ctx->block;
  memcpy (ctx->block, p, len);
  ctx->fill = len;
}

void
nsbox_sha256_final (struct nsbox_sha256 *ctx, uint8_t digest[NSBOX_SHA256_DIGEST_SIZE])
{
  uint64_t bits = ctx->length * 8;

  /* Padding: 0x80, zeros up to 56 mod 64, then the bit length big-endian. */
  ctx->block[ctx->fill++] = 0x80;
  if (ctx->fill > 56)
    {
      memset (ctx->block + ctx->fill, 0, sizeof ctx->block - ctx->fill);
      compress_blocks (ctx->state, ctx->block, 1);
      ctx->fill = 0;
    }
  memset (ctx->block + ctx->fill, 0, 56 - ctx->fill);
  store_be32 (ctx->block + 56, (uint32_t) (bits >> 32));
  store_be32 (ctx->block + 60, (uint32_t) bits);
  compress_blocks (ctx->state, ctx->block, 1);
  for (int i = 0; i < 8; i++)
    store_be32 (digest + 4 * i, ctx->state[i]);
  memset (ctx, 0, sizeof *ctx);
}

void
nsbox_sha256 (const void *data, size_t len, uint8_t digest[NSBOX_SHA256_DIGEST_SIZE])
{
  struct nsbox_sha256 ctx;

  nsbox_sha256_init (&ctx);
  nsbox_sha256_update (&ctx, data, len);
  nsbox_sha256_final (&ctx, digest);
}

void
nsbox_sha256_hex (const uint8_t digest[NSBOX_SHA256_DIGEST_SIZE], char hex[NSBOX_SHA256_HEX_SIZE])
{
  static const char digits[] = "0123456789abcdef";

  for (int i = 0; i < NSBOX_SHA256_DIGEST_SIZE; i++)
    {
      hex[2 * i] = digits[digest[i] >> 4];
      hex[2 * i + 1] = digits[digest[i] & 0xf];
    }
  hex[2 * NSBOX_SHA256_DIGEST_SIZE] = '\0';
}
