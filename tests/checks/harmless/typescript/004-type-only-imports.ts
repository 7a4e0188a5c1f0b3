// Type-only imports are erased by esbuild and tsc; nothing is loaded at run
// time.  (We don't import fs or child_process at all, not even for types.)
import type { EventEmitter } from 'node:events';
import { type Readable } from 'node:stream';

type Listener<T> = (payload: T) => void;

interface MinimalEmitter<Events extends Record<string, unknown>> {
  on<K extends keyof Events>(event: K, fn: Listener<Events[K]>): this;
  emit<K extends keyof Events>(event: K, payload: Events[K]): boolean;
}

type ProgressEvents = { progress: number; done: { bytes: number }; error: Error };

class Progress implements MinimalEmitter<ProgressEvents> {
  private listeners: { [K in keyof ProgressEvents]?: Listener<ProgressEvents[K]>[] } = {};

  on<K extends keyof ProgressEvents>(event: K, fn: Listener<ProgressEvents[K]>): this {
    const list = (this.listeners[event] ??= []) as Listener<ProgressEvents[K]>[];
    list.push(fn);
    return this;
  }

  emit<K extends keyof ProgressEvents>(event: K, payload: ProgressEvents[K]): boolean {
    const list = this.listeners[event] as Listener<ProgressEvents[K]>[] | undefined;
    list?.forEach((fn) => fn(payload));
    return Boolean(list?.length);
  }
}

// Only used in type positions, so the imports above vanish in the output.
type LooksLikeNodeEmitter = Pick<EventEmitter, 'on' | 'emit'>;
type ChunkSource = Pick<Readable, 'read'> | Iterable<string>;

function consume(source: ChunkSource, emitter: MinimalEmitter<ProgressEvents>): void {
  let bytes = 0;
  const chunks = Symbol.iterator in source ? [...(source as Iterable<string>)] : [];
  chunks.forEach((chunk, i) => {
    bytes += chunk.length;
    emitter.emit('progress', Math.round(((i + 1) / chunks.length) * 100));
  });
  emitter.emit('done', { bytes });
}

const progress = new Progress()
  .on('progress', (pct) => console.log(`progress ${pct}%`))
  .on('done', ({ bytes }) => console.log(`done: ${bytes} bytes`));
consume(['alpha', 'beta', 'gamma', 'delta'], progress);
const compatible: LooksLikeNodeEmitter | null = null;
console.log('node emitter provided:', compatible !== null);
