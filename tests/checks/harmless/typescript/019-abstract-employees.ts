abstract class Employee {
  private static nextId = 1;
  readonly id: number;

  constructor(readonly name: string, protected readonly baseSalary: number) {
    this.id = Employee.nextId++;
  }

  abstract monthlyPay(): number;
  abstract get title(): string;

  describe(): string {
    return `#${this.id} ${this.name.padEnd(6)} ${this.title.padEnd(12)} ${this.monthlyPay().toFixed(2).padStart(10)}`;
  }
}

class Engineer extends Employee {
  constructor(name: string, salary: number, private level: 1 | 2 | 3) {
    super(name, salary);
  }

  get title(): string {
    return `Engineer L${this.level}`;
  }

  monthlyPay(): number {
    return (this.baseSalary * (1 + 0.1 * (this.level - 1))) / 12;
  }
}

class Manager extends Employee {
  private reports: Employee[] = [];

  get title(): string {
    return 'Manager';
  }

  add(...people: Employee[]): this {
    this.reports.push(...people);
    return this;
  }

  monthlyPay(): number {
    return this.baseSalary / 12 + 150 * this.reports.length;
  }

  teamCost(): number {
    return this.monthlyPay() + this.reports.reduce((s, e) => s + (e instanceof Manager ? e.teamCost() : e.monthlyPay()), 0);
  }
}

class Contractor extends Employee {
  constructor(name: string, private hourly: number, private hours: number) {
    super(name, 0);
  }

  get title(): string {
    return 'Contractor';
  }

  monthlyPay(): number {
    return this.hourly * this.hours;
  }
}

const lead = new Manager('Mia', 96000);
const cto = new Manager('Otto', 150000).add(lead, new Contractor('Cy', 85, 60));
lead.add(new Engineer('Ann', 80000, 2), new Engineer('Bob', 72000, 1), new Engineer('Dee', 99000, 3));

const everyone: Employee[] = [cto, lead, new Contractor('Cy', 85, 60)];
everyone.forEach((e) => console.log(e.describe()));
console.log('team cost (monthly):', cto.teamCost().toFixed(2));
