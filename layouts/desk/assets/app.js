// The teacher's desk. Every change is one POST that carries the digest of
// reader.yaml as last read; the server refuses it if the file changed.
"use strict";
const csrf = document.querySelector('meta[name="csrf-token"]').content;
let state = null;
let current = null; // {part, item} of the document being edited
let text = "";      // the current source's text, paragraphs joined by blank lines

const $ = (id) => document.getElementById(id);
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "onclick") e.addEventListener("click", v);
    else e.setAttribute(k, v);
  }
  for (const k of kids) e.append(k);
  return e;
}
function say(msg) { $("status").textContent = msg; }
function alarm(msg) { $("alert").textContent = msg; }

async function post(url, body) {
  const isForm = body instanceof FormData;
  const r = await fetch(url, {
    method: "POST",
    headers: isForm ? { "X-CSRF-Token": csrf } : { "X-CSRF-Token": csrf, "Content-Type": "application/json" },
    body: isForm ? body : JSON.stringify(body),
  });
  const data = await r.json().catch(() => ({ error: r.statusText }));
  if (!r.ok) throw new Error(data.error || r.statusText);
  return data;
}

async function edit(change, done) {
  alarm("");
  try {
    await post("/api/edit", Object.assign({ digest: state.digest }, change));
    say(done || "Saved.");
  } catch (e) {
    alarm(e.message);
  }
  await load();
  preview();
}

// preview rebuilds the teacher edition and shows the current document.
let previewing = null;
async function preview() {
  if (!state || !state.exists) return;
  if (previewing) { previewing.again = true; return; }
  previewing = { again: false };
  const it = currentItem();
  try {
    const r = await post("/api/preview" + (it ? "?id=" + encodeURIComponent(it.id) : ""), {});
    const frame = $("preview-web");
    if (r.web) { frame.src = r.web + "?t=" + Date.now(); frame.hidden = false; }
    const a = $("preview-pdf");
    if (r.pdf) { a.href = r.pdf + "?t=" + Date.now(); a.hidden = false; }
    $("preview-info").textContent = r.pages + " print pages, built in " + r.ms + " ms.";
    document.body.dataset.previewed = String(Date.now());
  } catch (e) {
    $("preview-info").textContent = "No preview: " + e.message;
  }
  const again = previewing.again;
  previewing = null;
  if (again) preview();
}

async function load() {
  const q = new URLSearchParams({ q: $("q").value, type: $("type").value });
  const r = await fetch("/api/state?" + q);
  state = await r.json();
  render();
}

function render() {
  renderLibrary();
  $("create").hidden = state.exists;
  $("compose").hidden = !state.exists;
  if (!state.exists) { $("item").hidden = true; return; }
  if (document.activeElement !== $("title")) $("title").value = state.title || "";
  if (document.activeElement !== $("intro")) $("intro").value = state.introduction || "";
  renderParts();
  renderGlossary();
  renderProblems();
  renderItem();
  fillSelect($("format"), state.formats);
  fillSelect($("layout"), state.layouts);
  fillSelect($("page-size"), state.page_sizes);
}

function fillSelect(sel, names) {
  if (sel.options.length > 1) return;
  for (const n of names || []) sel.append(el("option", { value: n }, n));
}

function renderLibrary() {
  const tb = document.querySelector("#sources tbody");
  tb.replaceChildren();
  for (const s of state.library || []) {
    const acts = el("td", {},
      el("button", { type: "button", onclick: () => read(s.id) , "aria-label": "Read " + s.title }, "Read"));
    if (state.exists) {
      acts.append(el("button", { type: "button", onclick: () => addDoc(s.id), "aria-label": "Add " + s.title + " to the reader" }, "Add to reader"));
    }
    tb.append(el("tr", {}, el("td", {}, s.title), el("td", {}, (s.authors || []).join(", ")),
      el("td", {}, s.date), el("td", {}, s.type), el("td", {}, String(s.words)), acts));
  }
}

function titleOf(id) {
  const s = (state.library || []).find((x) => x.id === id);
  return s ? s.title : id;
}

function renderParts() {
  const box = $("parts");
  box.replaceChildren();
  (state.parts || []).forEach((p, pi) => {
    const div = el("div", { class: "part" }, el("h3", {}, p.title || "Part " + (pi + 1)));
    div.append(el("button", { type: "button", onclick: () => edit({ op: "move-part", part: pi, delta: -1 }), "aria-label": "Move part " + (p.title || pi + 1) + " up" }, "Up"),
      el("button", { type: "button", onclick: () => edit({ op: "move-part", part: pi, delta: 1 }), "aria-label": "Move part " + (p.title || pi + 1) + " down" }, "Down"),
      el("button", { type: "button", onclick: () => edit({ op: "remove-part", part: pi }), "aria-label": "Remove part " + (p.title || pi + 1) }, "Remove"));
    const ol = el("ol", { "aria-label": "Documents in " + (p.title || "part " + (pi + 1)) });
    (p.items || []).forEach((it, ii) => {
      const name = it.title || titleOf(it.id);
      ol.append(el("li", {}, name + " ",
        el("button", { type: "button", onclick: () => openItem(pi, ii), "aria-label": "Edit " + name }, "Edit"),
        el("button", { type: "button", onclick: () => edit({ op: "move-doc", part: pi, item: ii, delta: -1 }), "aria-label": "Move " + name + " up" }, "Up"),
        el("button", { type: "button", onclick: () => edit({ op: "move-doc", part: pi, item: ii, delta: 1 }), "aria-label": "Move " + name + " down" }, "Down"),
        el("button", { type: "button", onclick: () => { if (current && current.part === pi && current.item === ii) current = null; edit({ op: "remove-doc", part: pi, item: ii }); }, "aria-label": "Remove " + name }, "Remove")));
    });
    div.append(ol);
    box.append(div);
  });
}

function renderGlossary() {
  $("glossary").replaceChildren(...(state.glossary || []).map((g, i) => el("li", {}, g.term + ": " + g.definition + " ",
    el("button", { type: "button", onclick: () => edit({ op: "remove-gloss", index: i }), "aria-label": "Remove " + g.term + " from the glossary" }, "Remove"))));
}

function renderProblems() {
  const ul = $("problems");
  ul.replaceChildren();
  for (const p of state.problems || []) {
    ul.append(el("li", { class: p.warning ? "warning" : "problem" }, (p.warning ? "Warning: " : "Problem: ") + p.message));
  }
}

function currentItem() {
  if (!current) return null;
  const p = (state.parts || [])[current.part];
  return p && (p.items || [])[current.item];
}

function renderItem() {
  const it = currentItem();
  $("item").hidden = !it;
  if (!it) return;
  $("item-h").textContent = "Document: " + (it.title || titleOf(it.id));
  if (document.activeElement !== $("headnote")) $("headnote").value = it.headnote || "";
  $("vocabulary").replaceChildren(...(it.vocabulary || []).map((v, i) => el("li", {}, v.term + ": " + v.definition + " ",
    el("button", { type: "button", onclick: () => edit(Object.assign({ op: "remove-vocab", index: i }, current)), "aria-label": "Remove " + v.term + " from the word bank" }, "Remove"))));
  const ann = $("annotations");
  ann.replaceChildren();
  (it.annotations || []).forEach((a, i) => ann.append(el("li", {}, "“" + a.anchor + "”" + (a.occurrence > 1 ? " (" + a.occurrence + ")" : "") + ": " + a.note + " ",
    el("button", { type: "button", onclick: () => edit(Object.assign({ op: "remove-annotation", index: i }, current)), "aria-label": "Remove the note on " + a.anchor }, "Remove"))));
  const qs = $("questions");
  qs.replaceChildren();
  (it.questions || []).forEach((q, i) => qs.append(el("li", {}, (q.stage ? q.stage + ": " : "") + q.text + " ",
    el("button", { type: "button", onclick: () => edit(Object.assign({ op: "remove-question", index: i }, current)), "aria-label": "Remove question " + (i + 1) }, "Remove"))));
  // Problems that name this document, next to its form.
  for (const p of state.problems || []) {
    if (p.message.includes(it.id)) qs.after(el("p", { class: p.warning ? "warning" : "problem" }, p.message));
  }
}

async function read(id) {
  const r = await fetch("/api/source?id=" + encodeURIComponent(id));
  const s = await r.json();
  if (!r.ok) { alarm(s.error); return; }
  $("reading").hidden = false;
  $("reading-h").textContent = "Reading: " + s.title + (s.date ? " (" + s.date + ")" : "");
  const box = $("text");
  box.replaceChildren(...s.paragraphs.map((p) => el("p", {}, p)));
  text = s.paragraphs.join("\n\n");
  return s;
}

async function openItem(pi, ii) {
  current = { part: pi, item: ii };
  renderItem();
  await read(currentItem().id);
  preview();
  $("headnote").focus();
}

async function addDoc(id) {
  let part = current ? current.part : 0;
  await edit({ op: "add-doc", id: id, part: part }, "Added " + titleOf(id) + ".");
}

// The phrase selected in the text, and which occurrence of it it is.
function captureSelection() {
  const sel = window.getSelection();
  if (!sel.rangeCount || sel.isCollapsed) return;
  const range = sel.getRangeAt(0);
  const box = $("text");
  if (!box.contains(range.startContainer)) return;
  const phrase = sel.toString().replace(/\s+/g, " ").trim();
  if (!phrase) return;
  // Offset of the selection in the text, paragraph breaks as "\n\n".
  const paras = [...box.children];
  let para = range.startContainer;
  while (para && para.parentNode !== box) para = para.parentNode;
  const pi = paras.indexOf(para);
  let offset = 0;
  for (let i = 0; i < pi; i++) offset += paras[i].textContent.length + 2;
  const pre = document.createRange();
  pre.setStart(para, 0);
  pre.setEnd(range.startContainer, range.startOffset);
  offset += pre.toString().length;
  let n = 0, at = -1;
  while ((at = text.indexOf(phrase, at + 1)) !== -1 && at <= offset) n++;
  $("anchor").value = phrase;
  $("occurrence").value = Math.max(n, 1);
  say("Selected “" + phrase + "”; write a note or a during-reading question for it.");
}

document.addEventListener("DOMContentLoaded", () => {
  $("text").addEventListener("mouseup", captureSelection);
  $("text").addEventListener("keyup", captureSelection);
  $("search").addEventListener("submit", (e) => { e.preventDefault(); load(); });
  $("create").addEventListener("submit", async (e) => {
    e.preventDefault();
    try { await post("/api/create", { title: $("new-title").value }); say("Created reader.yaml."); } catch (err) { alarm(err.message); }
    await load();
  });
  $("title-form").addEventListener("submit", (e) => { e.preventDefault(); edit({ op: "title", text: $("title").value }); });
  $("intro-form").addEventListener("submit", (e) => { e.preventDefault(); edit({ op: "introduction", text: $("intro").value }); });
  $("part-form").addEventListener("submit", (e) => { e.preventDefault(); edit({ op: "add-part", title: $("part-title").value }); $("part-title").value = ""; });
  $("headnote-form").addEventListener("submit", (e) => { e.preventDefault(); edit(Object.assign({ op: "headnote", text: $("headnote").value }, current), "Saved the headnote."); });
  $("gloss-form").addEventListener("submit", (e) => {
    e.preventDefault();
    edit({ op: "gloss", term: $("gloss-term").value, definition: $("gloss-def").value }, "Added to the glossary.");
    $("gloss-term").value = ""; $("gloss-def").value = "";
  });
  $("vocab-form").addEventListener("submit", (e) => {
    e.preventDefault();
    edit(Object.assign({ op: "vocab", term: $("vocab-term").value, definition: $("vocab-def").value }, current), "Added to the word bank.");
    $("vocab-term").value = ""; $("vocab-def").value = "";
  });
  $("annotate-form").addEventListener("submit", (e) => {
    e.preventDefault();
    edit(Object.assign({ op: "annotate", anchor: $("anchor").value, occurrence: +$("occurrence").value, note: $("note").value }, current), "Added the annotation.");
    $("note").value = "";
  });
  $("question-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const stage = $("stage").value;
    edit(Object.assign({ op: "question", text: $("qtext").value, stage: stage, answer: $("answer").value, lines: +$("lines").value,
      anchor: stage === "during" ? $("anchor").value : "", occurrence: +$("occurrence").value }, current), "Added the question.");
    $("qtext").value = ""; $("answer").value = "";
  });
  $("import").addEventListener("click", () => importFiles($("files").files));
  const drop = $("drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); importFiles(e.dataTransfer.files); });
  $("build-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    alarm("");
    const prog = $("progress");
    prog.hidden = false;
    say("Building…");
    const ul = $("downloads");
    try {
      const r = await post("/api/build", { edition: $("edition").value, format: $("format").value, layout: $("layout").value,
        pagesize: $("page-size").value, handouts: $("handouts").checked });
      ul.replaceChildren(...r.files.map((f) => el("li", {}, el("a", { href: "/download/" + encodeURIComponent(f), download: "" }, f))));
      say("Built " + r.files.length + " file(s), " + r.pages + " print pages." + (r.warnings && r.warnings.length ? " Warnings: " + r.warnings.join("; ") : ""));
    } catch (err) {
      alarm(err.message);
      say("");
    }
    prog.hidden = true;
  });
  load().then(preview);
  // Edits made in a text editor show up: the state is read again when
  // the window regains focus.
  window.addEventListener("focus", load);
});

async function importFiles(files) {
  if (!files || !files.length) { alarm("Choose one or more files first."); return; }
  const fd = new FormData();
  for (const f of files) fd.append("files", f, f.name);
  alarm("");
  say("Importing…");
  try {
    const r = await post("/api/import", fd);
    const ul = $("import-report");
    ul.replaceChildren(...r.imported.map((x) => el("li", {}, x.File + ": " + x.Status + (x.ID ? " as " + x.ID : "") +
      (x.Error ? " — " + x.Error : "") + (x.Notes && x.Notes.length ? " — check: " + x.Notes.join("; ") : "") +
      (x.Missing && x.Missing.length ? " — missing: " + x.Missing.join(", ") : ""))));
    say("Imported " + r.imported.length + " file(s).");
  } catch (e) {
    alarm(e.message);
  }
  await load();
}
