enum OrderStatus {
  Pending = 'PENDING',
  Paid = 'PAID',
  Shipped = 'SHIPPED',
  Delivered = 'DELIVERED',
  Cancelled = 'CANCELLED',
}

const enum Priority {
  Low = 1,
  Normal,
  High,
}

enum Permission {
  None = 0,
  Read = 1 << 0,
  Write = 1 << 1,
  Admin = Read | Write | (1 << 2),
}

const allowed: Record<OrderStatus, OrderStatus[]> = {
  [OrderStatus.Pending]: [OrderStatus.Paid, OrderStatus.Cancelled],
  [OrderStatus.Paid]: [OrderStatus.Shipped, OrderStatus.Cancelled],
  [OrderStatus.Shipped]: [OrderStatus.Delivered],
  [OrderStatus.Delivered]: [],
  [OrderStatus.Cancelled]: [],
};

interface Order {
  id: number;
  status: OrderStatus;
  priority: Priority;
}

function advance(order: Order, next: OrderStatus): Order {
  if (!allowed[order.status].includes(next)) {
    throw new Error(`order ${order.id}: ${order.status} -> ${next} not allowed`);
  }
  return { ...order, status: next };
}

const has = (p: Permission, flag: Permission): boolean => (p & flag) === flag;

let order: Order = { id: 7, status: OrderStatus.Pending, priority: Priority.High };
for (const step of [OrderStatus.Paid, OrderStatus.Shipped, OrderStatus.Pending, OrderStatus.Delivered]) {
  try {
    order = advance(order, step);
    console.log(`order ${order.id} is now ${order.status}`);
  } catch (e) {
    console.log((e as Error).message);
  }
}

console.log('priority value:', order.priority, 'is high:', order.priority === Priority.High);
console.log('Admin has Write:', has(Permission.Admin, Permission.Write), Permission[Permission.Read]);
console.log('all statuses:', Object.values(OrderStatus).join(', '));
console.log('terminal:', (Object.keys(allowed) as OrderStatus[]).filter((s) => allowed[s].length === 0));
