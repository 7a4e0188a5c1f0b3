type HttpMethod = 'GET' | 'POST' | 'DELETE';
type Route = `/${string}`;
type Endpoint = `${HttpMethod} ${Route}`;
type EventName<T extends string> = `on${Capitalize<T>}`;
type Flag = 'eval' | 'exec' | 'open';
type FlagKey = `allow${Capitalize<Flag>}`;

const flags: Record<FlagKey, boolean> = { allowEval: false, allowExec: false, allowOpen: true };

function describeFlag(flag: Flag): string {
  const key = `allow${flag[0].toUpperCase()}${flag.slice(1)}` as FlagKey;
  const x = flags[key] ? 'enabled' : 'disabled';
  return `${flag} is ${x}${flags[key] ? '' : ` (set ${key}: true to change)`}`;
}

function handlerName<T extends string>(event: T): EventName<T> {
  return `on${event.charAt(0).toUpperCase()}${event.slice(1)}` as EventName<T>;
}

const endpoints: Endpoint[] = ['GET /users', 'POST /users', 'DELETE /users/42'];

function parseEndpoint(e: Endpoint): { method: HttpMethod; segments: string[] } {
  const [method, path] = e.split(' ') as [HttpMethod, Route];
  return { method, segments: path.split('/').filter(Boolean) };
}

const x = flags.allowEval;
console.log(`eval is ${x}`);
for (const f of ['eval', 'exec', 'open'] as const) console.log(describeFlag(f));
console.log(handlerName('click'), handlerName('keyDown'));

const table = endpoints
  .map(parseEndpoint)
  .map(({ method, segments }) => `${method.padEnd(7)}${segments.map((s) => (/^\d+$/.test(s) ? `:id(${s})` : s)).join(' / ')}`);
console.log(table.join('\n'));

const nested = `outer ${`inner ${`deepest ${endpoints.length * 2}`} and ${flags.allowOpen ? `open ${'ok'}` : 'closed'}`} done`;
console.log(nested);
