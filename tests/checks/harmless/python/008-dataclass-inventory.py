from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


@dataclass(frozen=True, order=True)
class Sku:
    category: str
    code: int


@dataclass
class Item:
    sku: Sku
    name: str
    quantity: int = 0
    tags: list[str] = field(default_factory=list)

    @property
    def in_stock(self) -> bool:
        return self.quantity > 0


@dataclass
class Inventory:
    items: dict[Sku, Item] = field(default_factory=dict)

    def add(self, item: Item) -> None:
        existing: Optional[Item] = self.items.get(item.sku)
        if existing:
            existing.quantity += item.quantity
        else:
            self.items[item.sku] = item

    def remove(self, sku: Sku, amount: int) -> bool:
        item = self.items.get(sku)
        if item is None or item.quantity < amount:
            return False
        item.quantity -= amount
        return True

    def report(self) -> list[str]:
        return [
            f"{item.sku.category}-{item.sku.code:04d} {item.name:<10} x{item.quantity}"
            for item in sorted(self.items.values(), key=lambda i: i.sku)
        ]


inv = Inventory()
inv.add(Item(Sku("tools", 12), "hammer", 4, ["steel"]))
inv.add(Item(Sku("tools", 3), "wrench", 2))
inv.add(Item(Sku("garden", 7), "rake", 1))
inv.add(Item(Sku("tools", 12), "hammer", 1))
print("remove 2 wrenches:", inv.remove(Sku("tools", 3), 2))
print("remove 5 rakes:", inv.remove(Sku("garden", 7), 5))
print("\n".join(inv.report()))
print("out of stock:", [i.name for i in inv.items.values() if not i.in_stock])
