const factorial = (n) => (n <= 1n ? 1n : n * factorial(n - 1n));

function modPow(base, exp, mod) {
  let result = 1n;
  base %= mod;
  while (exp > 0n) {
    if (exp & 1n) result = (result * base) % mod;
    base = (base * base) % mod;
    exp >>= 1n;
  }
  return result;
}

function gcd(a, b) {
  while (b) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

function isProbablePrime(n, bases = [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n]) {
  if (n < 2n) return false;
  for (const p of bases) if (n % p === 0n) return n === p;
  let d = n - 1n;
  let s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  outer: for (const a of bases) {
    let x = modPow(a, d, n);
    if (x === 1n || x === n - 1n) continue;
    for (let r = 1; r < s; r++) {
      x = (x * x) % n;
      if (x === n - 1n) continue outer;
    }
    return false;
  }
  return true;
}

const f50 = factorial(50n);
console.log(`50! = ${f50}`);
console.log(`digits: ${f50.toString().length}, trailing zeros: ${f50.toString().match(/0+$/)[0].length}`);
console.log('2^127 - 1 prime?', isProbablePrime(2n ** 127n - 1n));
console.log('2^128 + 1 prime?', isProbablePrime(2n ** 128n + 1n));
console.log('gcd:', gcd(factorial(20n), 2n ** 40n - 1n));
console.log('modPow(3, 10^18, 1e9+7) =', modPow(3n, 10n ** 18n, 1_000_000_007n));
console.log(BigInt.asUintN(64, -1n), Number.MAX_SAFE_INTEGER + 2, BigInt(Number.MAX_SAFE_INTEGER) + 2n);
