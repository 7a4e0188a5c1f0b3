const { EventEmitter } = require('events');

class OrderBook extends EventEmitter {
  constructor() {
    super();
    this.orders = new Map();
    this.nextId = 1;
  }

  place(item, qty, price) {
    const order = { id: this.nextId++, item, qty, price, status: 'open' };
    this.orders.set(order.id, order);
    this.emit('placed', order);
    if (qty * price > 1000) this.emit('large', order);
    return order.id;
  }

  fill(id) {
    const order = this.orders.get(id);
    if (!order || order.status !== 'open') {
      this.emit('error', new Error(`cannot fill order ${id}`));
      return;
    }
    order.status = 'filled';
    this.emit('filled', order);
  }
}

const book = new OrderBook();
const totals = { placed: 0, filled: 0 };

book.on('placed', (o) => { totals.placed += o.qty * o.price; console.log(`placed #${o.id}: ${o.qty} x ${o.item}`); });
book.on('filled', (o) => { totals.filled += o.qty * o.price; console.log(`filled #${o.id}`); });
book.once('large', (o) => console.log(`first large order: #${o.id} (${(o.qty * o.price).toFixed(2)})`));
book.on('error', (err) => console.log('error:', err.message));

const a = book.place('bolts', 500, 0.25);
const b = book.place('motors', 12, 150);
book.place('servos', 30, 45);
book.fill(a);
book.fill(b);
book.fill(b);
book.fill(99);
console.log(totals, 'listeners:', book.listenerCount('placed'));
