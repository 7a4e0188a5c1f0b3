// JSON.parse with a reviver, not eval(), turns the payload into objects.
const payload = `{
  "users": [
    {"id": 1, "name": "Ada", "roles": ["admin", "dev"], "meta": {"joined": "2021-04-01", "active": true}},
    {"id": 2, "name": "Brendan", "roles": ["dev"], "meta": {"joined": "2022-09-15", "active": false}},
    {"id": 3, "name": "Chen", "roles": ["ops", "dev"], "meta": {"joined": "2023-01-20", "active": true}}
  ],
  "generated": "2024-03-01T10:00:00Z"
}`;

const data = JSON.parse(payload, (key, value) =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : value
);

const byRole = data.users.reduce((acc, user) => {
  for (const role of user.roles) (acc[role] ??= []).push(user.name);
  return acc;
}, {});

function flatten(obj, prefix = '', out = {}) {
  for (const [k, v] of Object.entries(obj)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !(v instanceof Date) && !Array.isArray(v)) flatten(v, path, out);
    else out[path] = v;
  }
  return out;
}

const active = data.users.filter((u) => u.meta.active).map(({ id, name, meta: { joined } }) => ({ id, name, year: joined.getUTCFullYear() }));

console.log('by role:', byRole);
console.log('active:', active);
console.log('flat:', flatten(data.users[0]));
console.log(
  JSON.stringify(data, (key, value) => (key === 'roles' ? value.length : value), 2).split('\n').slice(0, 12).join('\n')
);
console.log('generated', data.generated.toISOString(), typeof structuredClone(data).users);
