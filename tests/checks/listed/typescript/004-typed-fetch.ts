// expect: node-http
interface Item { id: number; name: string }

async function load(url: string): Promise<Item[]> {
  const res: Response = await fetch(url);
  return (await res.json()) as Item[];
}

load("https://example.com/items.json").then((xs) => console.log(xs.length));
