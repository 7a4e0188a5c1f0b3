const invoice = {
  number: 1042,
  customer: { name: 'Globex', country: 'NL' },
  currency: 'EUR',
  lines: [
    { sku: 'GX-1', desc: 'Widgets', qty: 12, unit: 3.75 },
    { sku: 'GX-2', desc: 'Gadget "Pro"', qty: 2, unit: 149.0 },
    { sku: 'SV-9', desc: 'Support', qty: 5, unit: 60, taxFree: true },
  ],
};

const TAX = { NL: 0.21, DE: 0.19 };
const fmt = (n) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const pad = (s, n, right = false) => (right ? String(s).padStart(n) : String(s).padEnd(n));

function render(inv) {
  const rate = TAX[inv.customer.country] ?? 0;
  const subtotal = inv.lines.reduce((s, l) => s + l.qty * l.unit, 0);
  const tax = inv.lines.reduce((s, l) => s + (l.taxFree ? 0 : l.qty * l.unit * rate), 0);
  return `
Invoice #${inv.number} for ${inv.customer.name} (${inv.customer.country})
${'-'.repeat(48)}
${inv.lines
  .map(
    (l) =>
      `${pad(l.sku, 6)}${pad(l.desc, 16)}${pad(l.qty, 4, true)} x ${pad(fmt(l.unit), 8, true)}${
        l.taxFree ? ' *' : ''
      }`
  )
  .join('\n')}
${'-'.repeat(48)}
Subtotal: ${pad(`${fmt(subtotal)} ${inv.currency}`, 20, true)}
Tax (${(rate * 100).toFixed(0)}%): ${pad(`${fmt(tax)} ${inv.currency}`, 16, true)}
Total:    ${pad(`${fmt(subtotal + tax)} ${inv.currency}`, 20, true)}
${inv.lines.some((l) => l.taxFree) ? `* ${inv.lines.filter((l) => l.taxFree).length} line(s) tax free` : ''}`;
}

console.log(render(invoice));
