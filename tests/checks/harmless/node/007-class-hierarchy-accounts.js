class Account {
  #balance = 0;
  static count = 0;

  constructor(owner, opening = 0) {
    this.owner = owner;
    this.history = [];
    this.deposit(opening);
    Account.count++;
  }

  get balance() {
    return this.#balance;
  }

  deposit(amount) {
    if (amount < 0) throw new RangeError('negative deposit');
    this.#balance += amount;
    this.history.push(['deposit', amount]);
    return this;
  }

  withdraw(amount) {
    if (amount > this.available()) throw new Error(`${this.owner}: insufficient funds`);
    this.#balance -= amount;
    this.history.push(['withdraw', amount]);
    return this;
  }

  available() {
    return this.#balance;
  }

  monthEnd() {}

  toString() {
    return `${this.constructor.name}(${this.owner}, ${this.balance.toFixed(2)})`;
  }
}

class SavingsAccount extends Account {
  constructor(owner, opening, rate) {
    super(owner, opening);
    this.rate = rate;
  }

  monthEnd() {
    this.deposit(this.balance * (this.rate / 12));
  }
}

class CheckingAccount extends Account {
  constructor(owner, opening, overdraft = 100) {
    super(owner, opening);
    this.overdraft = overdraft;
  }

  available() {
    return super.available() + this.overdraft;
  }
}

const accounts = [new SavingsAccount('ann', 1000, 0.06), new CheckingAccount('bob', 50), new Account('cy', 10)];
accounts[1].withdraw(120);
for (const acc of accounts) {
  acc.monthEnd();
  try {
    acc.withdraw(40);
  } catch (e) {
    console.log('declined:', e.message);
  }
  console.log(String(acc), acc.history.length, 'entries');
}
console.log('accounts opened:', Account.count, accounts[0] instanceof Account);
