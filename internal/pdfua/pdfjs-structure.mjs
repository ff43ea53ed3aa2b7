// Reads a PDF's logical structure with pdf.js, independently of
// Sourcebook's own checker: prints JSON with, per page, the structure
// tree (getStructTree), the text of each marked-content sequence, and the
// text drawn outside any marked content.
// Usage: node pdfjs-structure.mjs PDFJS_DIR FILE.pdf
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [dir, file] = process.argv.slice(2);
const pdfjs = await import(pathToFileURL(path.join(dir, "node_modules/pdfjs-dist/legacy/build/pdf.mjs")).href);
const data = new Uint8Array(fs.readFileSync(file));
const doc = await pdfjs.getDocument({ data, verbosity: 0, useSystemFonts: false }).promise;
const out = { pages: [] };
for (let i = 1; i <= doc.numPages; i++) {
  const page = await doc.getPage(i);
  const tree = await page.getStructTree();
  const tc = await page.getTextContent({ includeMarkedContent: true });
  const content = {};
  const artifacts = [];
  const outside = [];
  const stack = [];
  for (const it of tc.items) {
    if (it.type === "beginMarkedContent" || it.type === "beginMarkedContentProps") {
      stack.push({ id: it.id || null, tag: it.tag });
      continue;
    }
    if (it.type === "endMarkedContent") {
      stack.pop();
      continue;
    }
    if (typeof it.str !== "string") continue;
    const s = it.str + (it.hasEOL ? "\n" : "");
    if (s.trim() === "") continue;
    // The innermost sequence with an MCID, or an artifact.
    let owner = null;
    for (let k = stack.length - 1; k >= 0; k--) {
      if (stack[k].tag === "Artifact") { owner = "artifact"; break; }
      if (stack[k].id) { owner = stack[k].id; break; }
    }
    if (owner === null) outside.push(it.str);
    else if (owner === "artifact") artifacts.push(it.str);
    else content[owner] = (content[owner] || "") + s;
  }
  out.pages.push({ tree, content, artifacts, outside });
}
process.stdout.write(JSON.stringify(out));
