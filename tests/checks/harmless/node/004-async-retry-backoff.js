// A real client would call https.get() or fetch() here.  This version
// simulates a flaky service with promises and timers, so nothing leaves
// the process.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function flakyService(failures) {
  let calls = 0;
  return async function getQuote(symbol) {
    calls++;
    await sleep(5);
    if (calls <= failures) {
      const err = new Error(`503 from quote service (call ${calls})`);
      err.retryable = true;
      throw err;
    }
    return { symbol, price: 100 + symbol.length * 3.5, calls };
  };
}

async function retry(fn, { attempts = 4, baseMs = 10, factor = 2 } = {}) {
  let lastError;
  for (let i = 0; i < attempts; i++) {
    try {
      return await fn(i);
    } catch (err) {
      lastError = err;
      if (!err.retryable) break;
      const delay = baseMs * factor ** i;
      console.log(`  attempt ${i + 1} failed (${err.message}); waiting ${delay}ms`);
      await sleep(delay);
    }
  }
  throw lastError;
}

async function main() {
  const getQuote = flakyService(2);
  const quote = await retry(() => getQuote('ACME'));
  console.log('got quote:', quote);

  try {
    const broken = flakyService(10);
    await retry(() => broken('NOPE'), { attempts: 3, baseMs: 1 });
  } catch (err) {
    console.log('gave up:', err.message);
  }

  const results = await Promise.allSettled(
    ['A', 'BB', 'CCC'].map((s, i) => {
      const service = flakyService(i * 2);
      return retry(() => service(s), { attempts: 3, baseMs: 2 });
    })
  );
  results.forEach((r) => console.log(r.status, r.value ? r.value.price : r.reason.message));
}

main().catch((err) => {
  console.error('unexpected', err);
  process.exitCode = 1;
});
