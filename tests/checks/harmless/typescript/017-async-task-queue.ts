type Task<T> = () => Promise<T>;

interface QueueStats {
  completed: number;
  failed: number;
  maxInFlight: number;
}

class AsyncQueue {
  private queue: Array<() => void> = [];
  private inFlight = 0;
  readonly stats: QueueStats = { completed: 0, failed: 0, maxInFlight: 0 };

  constructor(private readonly concurrency: number) {}

  add<T>(task: Task<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const run = async (): Promise<void> => {
        this.inFlight++;
        this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.inFlight);
        try {
          resolve(await task());
          this.stats.completed++;
        } catch (e) {
          this.stats.failed++;
          reject(e);
        } finally {
          this.inFlight--;
          this.queue.shift()?.();
        }
      };
      if (this.inFlight < this.concurrency) void run();
      else this.queue.push(() => void run());
    });
  }

  async onIdle(): Promise<void> {
    while (this.inFlight > 0 || this.queue.length > 0) await new Promise((r) => setTimeout(r, 1));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function compress(name: string, size: number): Promise<string> {
  await sleep(size);
  if (name.endsWith('.zip')) throw new Error(`${name} is already compressed`);
  return `${name} -> ${Math.ceil(size * 0.4)}kB`;
}

async function main(): Promise<void> {
  const queue = new AsyncQueue(2);
  const files: Array<[string, number]> = [['a.txt', 12], ['b.log', 30], ['c.zip', 5], ['d.csv', 8], ['e.json', 15]];
  const results = await Promise.allSettled(files.map(([name, size]) => queue.add(() => compress(name, size))));
  await queue.onIdle();
  results.forEach((r) => console.log(r.status === 'fulfilled' ? `ok   ${r.value}` : `fail ${(r.reason as Error).message}`));
  console.log(queue.stats);
}

void main();
