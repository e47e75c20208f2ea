// The catalogue of diagnostic codes (docs/diagnostics.md, generated from the core) as a
// static page shipped beside the playground (dist/diagnostics.html), so that each code in
// the diagnostics list links to its entry without a server or a network: the project
// declares no public URL, and the page must work from any folder, offline, under its CSP.
//
// The Markdown is the small subset the core's `catalogue_markdown` writes: `#` and `##`
// headings, paragraphs, fenced code blocks, `inline code` and **bold**. Each `## \`code\``
// heading gets the code as its id: the same anchor GitHub gives it, so a link works on the
// repository's rendering of the file too.

const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Inline Markdown: code spans first (nothing inside them is markup), then bold. */
function inline(text) {
  return text.split(/(`[^`]*`)/).map((part) => {
    if (part.length > 1 && part.startsWith('`') && part.endsWith('`')) return `<code>${escape(part.slice(1, -1))}</code>`;
    return escape(part).replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
  }).join('');
}

/** The anchor of a heading as GitHub makes it: lower case, punctuation but `-` and `_` dropped, spaces as `-`. */
export function anchorOf(heading) {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

const STYLE = `
:root { color-scheme: light dark; --fg: light-dark(#1f2328, #e6edf3); --muted: light-dark(#59636e, #9198a1);
  --bg: light-dark(#ffffff, #0d1117); --code-bg: light-dark(#f3f4f6, #161b22); --border: light-dark(#d1d9e0, #3d444d);
  --link: light-dark(#1d5fc4, #8ab4f8); --target: light-dark(#fff8c5, #3b2e00); }
body { margin: 0 auto; max-width: 52rem; padding: 1rem 1.25rem 4rem; font: 15px/1.55 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--link); }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; }
code { background: var(--code-bg); border-radius: 4px; padding: 0.1em 0.3em; }
pre { background: var(--code-bg); border: 1px solid var(--border); border-radius: 6px; padding: 0.6rem 0.8rem; overflow-x: auto; }
pre code { background: none; padding: 0; }
h2 { margin-top: 2rem; padding: 0.2rem 0.4rem; border-radius: 6px; scroll-margin-top: 1rem; }
h2:target { background: var(--target); }
.back { font-size: 0.9em; }
`;

/**
 * @param {string} markdown the content of docs/diagnostics.md
 * @returns {string} a whole HTML page
 */
export function diagnosticsPage(markdown) {
  const out = [];
  let paragraph = [];
  /** The language of the fenced block being read, and its lines; null outside one. */
  let fence = null;
  let code = [];
  let title = 'Diagnostic codes';
  const flush = () => {
    if (paragraph.length > 0) out.push(`<p>${inline(paragraph.join(' '))}</p>`);
    paragraph = [];
  };
  for (const line of markdown.split(/\r?\n/)) {
    if (fence !== null) {
      if (line.startsWith('```')) {
        out.push(`<pre><code${fence ? ` class="language-${escape(fence)}"` : ''}>${escape(code.join('\n'))}</code></pre>`);
        fence = null;
        code = [];
      } else {
        code.push(line);
      }
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (line.startsWith('```')) {
      flush();
      fence = line.slice(3).trim();
    } else if (heading) {
      flush();
      const level = heading[1].length;
      const text = heading[2];
      if (level === 1) title = text.replace(/`/g, '');
      const id = level > 1 ? ` id="${escape(anchorOf(text))}"` : '';
      out.push(`<h${level}${id}>${inline(text)}</h${level}>`);
    } else if (line.trim() === '') {
      flush();
    } else {
      paragraph.push(line.trim());
    }
  }
  flush();
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'" />
    <title>${escape(title)} \u2014 ECI image cache playground</title>
    <link rel="icon" href="./favicon.svg" type="image/svg+xml" />
    <style>${STYLE}</style>
  </head>
  <body>
    <p class="back"><a href="./">\u2190 The playground</a></p>
${out.join('\n')}
  </body>
</html>
`;
}
