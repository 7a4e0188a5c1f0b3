interface Settings {
  theme: 'light' | 'dark';
  fontSize: number;
  autosave: boolean;
  recent: string[];
  editor: { tabSize: number; wordWrap: boolean };
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K] };
type Getters<T> = { [K in keyof T as `get${Capitalize<string & K>}`]: () => T[K] };
type KeysOfType<T, V> = { [K in keyof T]: T[K] extends V ? K : never }[keyof T];
type ElementType<T> = T extends readonly (infer E)[] ? E : T;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const defaults: Readonly<Settings> = {
  theme: 'light',
  fontSize: 14,
  autosave: true,
  recent: [],
  editor: { tabSize: 2, wordWrap: false },
};

function merge<T extends object>(base: T, patch: DeepPartial<T>): T {
  const out = { ...base } as Mutable<T>;
  for (const key of Object.keys(patch) as (keyof T)[]) {
    const value = patch[key];
    if (value === undefined) continue;
    const current = base[key];
    out[key] = (typeof current === 'object' && current !== null && !Array.isArray(current)
      ? merge(current as unknown as object, value as DeepPartial<object>)
      : value) as T[keyof T];
  }
  return out;
}

function getters<T extends object>(obj: T): Getters<T> {
  const result: Record<string, () => unknown> = {};
  for (const key of Object.keys(obj) as (keyof T & string)[]) {
    result[`get${key[0].toUpperCase()}${key.slice(1)}`] = () => obj[key];
  }
  return result as Getters<T>;
}

const booleanKeys: KeysOfType<Settings, boolean>[] = ['autosave'];
const first: ElementType<Settings['recent']> = 'main.ts';

const user = merge(defaults, { theme: 'dark', editor: { tabSize: 4 }, recent: [first] });
const g = getters(user);
console.log(user);
console.log(g.getTheme(), g.getFontSize(), g.getEditor().tabSize, booleanKeys);
