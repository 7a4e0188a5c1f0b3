const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '/': '&#x2F;', '`': '&#96;' };
const escapeHtml = (s) => String(s).replace(/[&<>"'`/]/g, (ch) => ESCAPES[ch]);
const unescapeHtml = (s) => s.replace(/&(amp|lt|gt|quot|#39|#x2F|#96);/g, (m) =>
  Object.keys(ESCAPES).find((k) => ESCAPES[k] === m) || m);

const ALLOWED_TAGS = new Set(['b', 'i', 'em', 'strong', 'code', 'a']);
const TAG_RE = /<\/?([a-z][a-z0-9]*)\b([^>]*)>/gi;
const HREF_RE = /\bhref\s*=\s*(["'])(https?:\/\/[^"']+|\/[^"']*)\1/i;

function sanitize(html) {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(TAG_RE, (whole, tag, attrs) => {
      const name = tag.toLowerCase();
      if (!ALLOWED_TAGS.has(name)) return '';
      if (whole.startsWith('</')) return `</${name}>`;
      const href = name === 'a' && attrs.match(HREF_RE);
      return href ? `<a href="${escapeHtml(href[2])}" rel="nofollow">` : `<${name}>`;
    })
    .replace(/\bon\w+\s*=\s*(["']).*?\1/gi, '');
}

const inputs = [
  `<b>Hello</b> <script>eval('alert(1)')</script>world`,
  `<a href="javascript:void(0)" onclick='steal()'>click</a>`,
  `<a href='https://example.com/docs/'>docs</a> & <i>"quotes"</i>`,
  `<img src=x onerror="new Function('x')()"> <code>a < b && c > d</code>`,
];
for (const input of inputs) {
  console.log('in: ', input);
  console.log('out:', sanitize(input));
  console.log('esc:', escapeHtml(input).slice(0, 60));
}
console.log(unescapeHtml(escapeHtml(`it's "<tricky>" & /slashed/`)));
