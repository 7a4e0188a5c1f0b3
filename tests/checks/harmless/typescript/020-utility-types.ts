interface Product {
  id: string;
  name: string;
  price: number;
  stock: number;
  tags: string[];
  discontinued?: boolean;
}

type ProductSummary = Pick<Product, 'id' | 'name' | 'price'>;
type ProductUpdate = Partial<Omit<Product, 'id'>>;
type NewProduct = Omit<Product, 'id'> & { id?: never };
type StockLevel = 'out' | 'low' | 'ok';
type ByLevel = Record<StockLevel, ProductSummary[]>;
type Comparator = Parameters<Array<Product>['sort']>[0];
type Created = ReturnType<typeof createProduct>;

let counter = 0;
function createProduct(p: NewProduct): Readonly<Product> {
  return Object.freeze({ ...p, id: `P${String(++counter).padStart(3, '0')}` });
}

function update(p: Readonly<Product>, changes: ProductUpdate): Readonly<Product> {
  return Object.freeze({ ...p, ...changes });
}

const level = (p: Product): StockLevel => (p.stock === 0 ? 'out' : p.stock < 5 ? 'low' : 'ok');
const summary = ({ id, name, price }: Product): ProductSummary => ({ id, name, price });

const catalogue: Created[] = [
  createProduct({ name: 'Kettle', price: 29.9, stock: 3, tags: ['kitchen'] }),
  createProduct({ name: 'Lamp', price: 45, stock: 12, tags: ['home', 'light'] }),
  createProduct({ name: 'Mug', price: 7.5, stock: 0, tags: ['kitchen'] }),
  createProduct({ name: 'Rug', price: 120, stock: 6, tags: ['home'], discontinued: true }),
];

const restocked = catalogue.map((p) => (p.stock === 0 ? update(p, { stock: 24 }) : p));
const grouped = restocked.reduce<ByLevel>(
  (acc, p) => ({ ...acc, [level(p)]: [...acc[level(p)], summary(p)] }),
  { out: [], low: [], ok: [] }
);
const byPrice: Comparator = (a, b) => a.price - b.price;

console.log(grouped);
console.log([...restocked].sort(byPrice).map((p) => `${p.name} ${p.price}`));
console.log('frozen:', Object.isFrozen(restocked[2]), 'required keys present:', (['id', 'name'] as (keyof Required<Product>)[]).every((k) => k in restocked[0]));
