// A fake database session used in tests.  It exposes open()/close() like a
// driver would (a real one would open a net socket); this one keeps rows in
// memory and counts how often it was opened and reopened.
type Row = Record<string, string | number>;

class SessionClosedError extends Error {
  constructor(what: string) {
    super(`session closed while trying to ${what}`);
    this.name = 'SessionClosedError';
  }
}

class Session {
  private opened = false;
  private tables = new Map<string, Row[]>();
  openCount = 0;

  open(): this {
    if (!this.opened) {
      this.opened = true;
      this.openCount++;
    }
    return this;
  }

  close(): void {
    this.opened = false;
  }

  reopen(): this {
    this.close();
    return this.open();
  }

  insert(table: string, row: Row): number {
    this.ensureOpen('insert');
    const rows = this.tables.get(table) ?? [];
    rows.push(row);
    this.tables.set(table, rows);
    return rows.length;
  }

  select<T extends Row>(table: string, where: (row: Row) => boolean = () => true): T[] {
    this.ensureOpen('select');
    return (this.tables.get(table) ?? []).filter(where) as T[];
  }

  transaction<R>(work: (s: this) => R): R {
    this.open();
    try {
      return work(this);
    } finally {
      this.close();
    }
  }

  private ensureOpen(what: string): void {
    if (!this.opened) throw new SessionClosedError(what);
  }
}

const session = new Session();
session.transaction((s) => {
  s.insert('users', { id: 1, name: 'ann' });
  s.insert('users', { id: 2, name: 'bob' });
});
try {
  session.select('users');
} catch (e) {
  console.log((e as Error).name + ': ' + (e as Error).message);
}
const names = session.reopen().select<{ id: number; name: string }>('users', (r) => Number(r.id) > 1).map((r) => r.name);
console.log('selected:', names, 'opened', session.openCount, 'times');
