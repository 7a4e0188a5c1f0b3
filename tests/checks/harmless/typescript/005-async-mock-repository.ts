// In production this repository would call fetch() against a REST API.
// Here it is backed by an in-memory Map so the program runs offline.
interface User {
  id: number;
  name: string;
  email: string;
  teamId?: number;
}

interface Repository<T extends { id: number }> {
  findById(id: number): Promise<T | undefined>;
  findAll(filter?: (item: T) => boolean): Promise<T[]>;
  save(item: T): Promise<T>;
}

const delay = <T>(ms: number, value: T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), ms));

class InMemoryRepository<T extends { id: number }> implements Repository<T> {
  private store = new Map<number, T>();
  public requests = 0;

  async findById(id: number): Promise<T | undefined> {
    this.requests++;
    return delay(2, this.store.get(id));
  }

  async findAll(filter: (item: T) => boolean = () => true): Promise<T[]> {
    this.requests++;
    return delay(2, [...this.store.values()].filter(filter));
  }

  async save(item: T): Promise<T> {
    this.requests++;
    this.store.set(item.id, { ...item });
    return delay(1, item);
  }
}

async function fetchUserWithTeam(repo: Repository<User>, id: number): Promise<string> {
  const user = await repo.findById(id);
  if (!user) return `user ${id} not found`;
  const teammates = await repo.findAll((u) => u.teamId === user.teamId && u.id !== user.id);
  return `${user.name} <${user.email}> works with ${teammates.map((t) => t.name).join(', ') || 'nobody'}`;
}

async function main(): Promise<void> {
  const repo = new InMemoryRepository<User>();
  await Promise.all(
    [
      { id: 1, name: 'Ana', email: 'ana@example.com', teamId: 1 },
      { id: 2, name: 'Ben', email: 'ben@example.com', teamId: 1 },
      { id: 3, name: 'Cai', email: 'cai@example.com', teamId: 2 },
      { id: 4, name: 'Dee', email: 'dee@example.com' },
    ].map((u) => repo.save(u))
  );
  const lines = await Promise.all([1, 3, 4, 9].map((id) => fetchUserWithTeam(repo, id)));
  lines.forEach((line) => console.log(line));
  console.log(`requests made: ${repo.requests}`);
}

main().catch((err: unknown) => console.error(err));
