interface AppEvents {
  login: { userId: string; at: Date };
  logout: { userId: string };
  message: { from: string; text: string };
  tick: number;
}

type Handler<T> = (payload: T) => void;

class EventBus<Events> {
  private handlers: { [K in keyof Events]?: Set<Handler<Events[K]>> } = {};
  private history: Array<{ event: keyof Events; payload: unknown }> = [];

  on<K extends keyof Events>(event: K, handler: Handler<Events[K]>): () => void {
    const set = (this.handlers[event] ??= new Set<Handler<Events[K]>>()) as Set<Handler<Events[K]>>;
    set.add(handler);
    return () => set.delete(handler);
  }

  once<K extends keyof Events>(event: K, handler: Handler<Events[K]>): void {
    const off = this.on(event, (payload) => {
      off();
      handler(payload);
    });
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): number {
    this.history.push({ event, payload });
    const set = this.handlers[event];
    set?.forEach((h) => h(payload));
    return set?.size ?? 0;
  }

  replay(): string[] {
    return this.history.map(({ event }) => String(event));
  }
}

const bus = new EventBus<AppEvents>();
const online = new Set<string>();

bus.on('login', ({ userId }) => online.add(userId));
bus.on('logout', ({ userId }) => online.delete(userId));
const stopLogging = bus.on('message', ({ from, text }) => console.log(`<${from}> ${text}`));
bus.once('tick', (n) => console.log(`first tick: ${n}`));

bus.emit('login', { userId: 'ann', at: new Date(0) });
bus.emit('login', { userId: 'bob', at: new Date(0) });
bus.emit('message', { from: 'ann', text: 'hello!' });
bus.emit('tick', 1);
bus.emit('tick', 2);
stopLogging();
console.log('listeners for message after unsubscribe:', bus.emit('message', { from: 'bob', text: 'anyone?' }));
bus.emit('logout', { userId: 'ann' });
console.log('online:', [...online], 'history:', bus.replay().join(','));
