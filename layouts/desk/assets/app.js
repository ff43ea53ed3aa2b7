// The teacher's desk. Every change is one POST that carries the digest of
// reader.yaml as last read; the server refuses it if the file changed.
"use strict";
const csrf = document.querySelector('meta[name="csrf-token"]').content;
let state = null;
let current = null; // {part, item} of the document being edited
let text = "";      // the current source's printed text, paragraphs joined by blank lines
let shown = null;   // the source shown under Reading: {id, blocks}
let editing = null; // {kind: "annotation"|"question", index} when a form changes an entry
let partEditing = -1;

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
// redraw runs draw, which replaces what is inside box, and gives the
// focus back to the control of the same name if it was inside: the
// keyboard keeps its place when a list is drawn again after a change.
function redraw(box, draw) {
  const at = document.activeElement;
  const name = at && box.contains(at) && at !== box ? at.getAttribute("aria-label") || at.id : "";
  draw();
  if (!name || box.contains(document.activeElement)) return;
  const again = [...box.querySelectorAll("button, input, a")].find((e) => (e.getAttribute("aria-label") || e.id) === name);
  if (again) again.focus();
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
  let ok = true;
  try {
    await post("/api/edit", Object.assign({ digest: state.digest }, change));
    if (done !== "") say(done || "Saved.");
  } catch (e) {
    alarm(e.message);
    ok = false;
  }
  // The preview is rebuilt while the form is read again (an edit does
  // not change the library, which is kept as it is).
  preview();
  await load(false);
  return ok;
}

// The headnote is saved and previewed while the teacher types: one save
// at a time, the last text always saved.
let typing = null, saving = null, dirty = false;
function headnoteTyped() {
  clearTimeout(typing);
  typing = setTimeout(saveHeadnote, 100);
}
function saveHeadnote() {
  clearTimeout(typing);
  typing = null;
  if (!current) return Promise.resolve();
  if (saving) { dirty = true; return saving; }
  const at = { part: current.part, item: current.item };
  saving = (async () => {
    do {
      dirty = false;
      await edit(Object.assign({ op: "headnote", text: $("headnote").value }, at), "");
    } while (dirty);
    saving = null;
  })();
  return saving;
}

// preview rebuilds the teacher edition and shows the current document.
let previewing = null;
async function preview() {
  if (!state || !state.exists) return;
  if (previewing) { previewing.again = true; return; }
  previewing = { again: false };
  const it = currentItem();
  try {
    const r = await post("/api/preview" + (it ? "?id=" + encodeURIComponent(it.id) + "&use=" + useOf(it) : ""), {});
    const frame = $("preview-web");
    if (r.web) { frame.src = r.web + "?t=" + Date.now(); frame.hidden = false; }
    const a = $("preview-pdf");
    if (r.pdf) {
      const url = r.pdf + "?t=" + Date.now();
      a.href = url; a.hidden = false;
      // The browser's own PDF viewer draws the pages; where it has none,
      // the object's content (a link) stands in.
      const obj = el("object", { data: url, type: "application/pdf", "aria-label": "Preview of the document as printed (PDF)" },
        el("a", { href: url }, "The print preview (PDF)"));
      $("preview-print").replaceChildren(obj);
    }
    $("preview-info").textContent = r.pages + " print page" + (r.pages === 1 ? "" : "s") + ", built in " + r.ms + " ms.";
    document.body.dataset.previewed = String(Date.now());
  } catch (e) {
    $("preview-info").textContent = "No preview: " + e.message;
  }
  const again = previewing.again;
  previewing = null;
  if (again) preview();
}

async function load(withLibrary) {
  const q = new URLSearchParams({ q: $("q").value, type: $("type").value, subject: $("subject").value, from: $("from").value, to: $("to").value });
  if (withLibrary === false && state) q.set("library", "no");
  const r = await fetch("/api/state?" + q);
  const st = await r.json();
  if (!("library" in st) && state) {
    for (const k of ["library", "types", "subjects", "filter_problem"]) st[k] = state[k];
  }
  state = st;
  render();
}

function render() {
  fillFilter($("type"), state.types);
  fillFilter($("subject"), state.subjects);
  renderLibrary();
  $("create").hidden = state.exists;
  $("compose").hidden = !state.exists;
  if (!state.exists) { $("item").hidden = true; return; }
  if (document.activeElement !== $("title")) $("title").value = state.title || "";
  if (document.activeElement !== $("intro")) $("intro").value = state.introduction || "";
  renderParts();
  renderGlossary();
  renderItem();
  renderPartEditor();
  renderProblems();
  fillSelect($("format"), state.formats);
  fillSelect($("layout"), state.layouts);
  fillSelect($("page-size"), state.page_sizes);
}

// fillFilter lists the library's types or subjects, keeping the choice.
function fillFilter(sel, names) {
  const keep = sel.value;
  sel.replaceChildren(sel.options[0], ...(names || []).map((n) => el("option", { value: n }, n)));
  sel.value = (names || []).includes(keep) ? keep : "";
}

function fillSelect(sel, names) {
  if (sel.options.length > 1) return;
  for (const n of names || []) sel.append(el("option", { value: n }, n));
}

function renderLibrary() {
  redraw(document.querySelector("#sources tbody"), drawLibrary);
  renderFilterProblems();
}

function drawLibrary() {
  const tb = document.querySelector("#sources tbody");
  tb.replaceChildren();
  for (const s of state.library || []) {
    const acts = el("td", {},
      el("button", { type: "button", onclick: () => read(s.id) , "aria-label": "Read " + s.title }, "Read"));
    if (state.exists) {
      acts.append(el("button", { type: "button", onclick: () => addDoc(s.id), "aria-label": "Add " + s.title + " to the reader" }, "Add to reader"));
    }
    tb.append(el("tr", {}, el("td", {}, s.title), el("td", {}, (s.authors || []).join(", ")),
      el("td", {}, s.date), el("td", {}, s.type), el("td", {}, (s.subjects || []).join(", ")), el("td", {}, String(s.words)), acts));
  }
}

function renderFilterProblems() {
  for (const id of ["from", "to"]) {
    const f = $(id), bad = state.filter_problem && state.filter_problem.field === id;
    const old = $(id + "-problem");
    if (old) old.remove();
    f.removeAttribute("aria-invalid");
    f.setAttribute("aria-describedby", "date-hint");
    if (bad) {
      f.after(el("span", { id: id + "-problem", class: "problem field-problem" }, state.filter_problem.message));
      f.setAttribute("aria-invalid", "true");
      f.setAttribute("aria-describedby", id + "-problem date-hint");
    }
  }
  $("sources").querySelector("caption").textContent = "Sources in the library (" + (state.library || []).length + " shown)";
}

function titleOf(id) {
  const s = (state.library || []).find((x) => x.id === id);
  return s ? s.title : id;
}

function renderParts() { redraw($("parts"), drawParts); }

function drawParts() {
  const box = $("parts");
  box.replaceChildren();
  (state.parts || []).forEach((p, pi) => {
    const pname = p.title || "Part " + (pi + 1);
    const div = el("div", { class: "part", "data-target": "p" + pi }, el("h3", {}, pname));
    div.append(el("button", { type: "button", onclick: () => openPart(pi), "aria-label": "Edit part " + pname }, "Edit part"),
      el("button", { type: "button", onclick: () => edit({ op: "move-part", part: pi, delta: -1 }), "aria-label": "Move part " + pname + " up" }, "Up"),
      el("button", { type: "button", onclick: () => edit({ op: "move-part", part: pi, delta: 1 }), "aria-label": "Move part " + pname + " down" }, "Down"),
      el("button", { type: "button", onclick: () => { if (partEditing === pi) closePart(); edit({ op: "remove-part", part: pi }); }, "aria-label": "Remove part " + pname }, "Remove"));
    const ol = el("ol", { "aria-label": "Documents in " + pname });
    (p.items || []).forEach((it, ii) => {
      const name = it.title || titleOf(it.id);
      ol.append(el("li", { "data-target": "p" + pi + ".i" + ii }, name + (it.excerpt && it.excerpt.length ? " (excerpt)" : "") + " ",
        el("button", { type: "button", onclick: () => openItem(pi, ii), "aria-label": "Edit " + name }, "Edit"),
        el("button", { type: "button", onclick: () => edit({ op: "move-doc", part: pi, item: ii, delta: -1 }), "aria-label": "Move " + name + " up" }, "Up"),
        el("button", { type: "button", onclick: () => edit({ op: "move-doc", part: pi, item: ii, delta: 1 }), "aria-label": "Move " + name + " down" }, "Down"),
        el("button", { type: "button", onclick: () => { if (current && current.part === pi && current.item === ii) current = null; edit({ op: "remove-doc", part: pi, item: ii }); }, "aria-label": "Remove " + name }, "Remove")));
    });
    div.append(ol);
    box.append(div);
  });
}

// The part editor: its title, introduction and central question.
function openPart(pi) {
  partEditing = pi;
  renderPartEditor(true);
  $("ptitle").focus();
  $("ptitle").select();
}
function closePart() {
  partEditing = -1;
  $("part-edit-form").hidden = true;
}
function renderPartEditor(fill) {
  const p = (state.parts || [])[partEditing];
  const f = $("part-edit-form");
  if (!p) { f.hidden = true; partEditing = -1; return; }
  f.hidden = false;
  $("part-edit-h").textContent = "Part " + (partEditing + 1) + (p.title ? ": " + p.title : "");
  const pre = "p" + partEditing;
  $("ptitle").dataset.target = pre + ".title";
  $("pintro").dataset.target = pre + ".introduction";
  $("pquestion").dataset.target = pre + ".question";
  for (const [id, v] of [["ptitle", p.title], ["pintro", p.introduction], ["pquestion", p.question]]) {
    if (fill || document.activeElement !== $(id)) $(id).value = v || "";
  }
}

function renderGlossary() {
  redraw($("glossary"), drawGlossary);
}

function drawGlossary() {
  $("glossary").replaceChildren(...(state.glossary || []).map((g, i) => el("li", { "data-target": "glossary." + i }, g.term + ": " + g.definition + " ",
    el("button", { type: "button", onclick: () => edit({ op: "remove-gloss", index: i }), "aria-label": "Remove " + g.term + " from the glossary" }, "Remove"))));
}

// renderProblems lists check's problems, and shows each beside the
// field it concerns (aria-describedby, aria-invalid), or the nearest
// thing on the page that holds that field.
function renderProblems() {
  const ul = $("problems");
  ul.replaceChildren();
  document.querySelectorAll(".field-problem:not([id$='-problem'])").forEach((e) => e.remove());
  document.querySelectorAll("[data-described]").forEach((e) => {
    e.setAttribute("aria-describedby", e.dataset.described);
    if (!e.dataset.described) e.removeAttribute("aria-describedby");
    e.removeAttribute("data-described");
    e.removeAttribute("aria-invalid");
  });
  (state.problems || []).forEach((p, i) => {
    const label = (p.warning ? "Warning: " : "Problem: ") + p.message;
    ul.append(el("li", { class: p.warning ? "warning" : "problem" }, label));
    let t = p.target, at = null;
    while (t && !(at = document.querySelector('[data-target="' + t + '"]:not([hidden])'))) t = t.replace(/\.?[^.]*$/, "");
    if (!at || at.closest("[hidden]")) return;
    const note = el("p", { id: "problem-" + i, class: "field-problem " + (p.warning ? "warning" : "problem") }, (p.warning ? "Warning: " : "Problem: ") + (p.note || p.message));
    let control = at;
    if (at.matches("input, textarea, select")) at.after(note);
    else if (at.matches("fieldset")) { at.querySelector("legend").after(note); control = at.querySelector("button[type=submit]"); }
    else { at.append(note); control = at.querySelector("button") || at; }
    if (!control.hasAttribute("data-described")) control.dataset.described = control.getAttribute("aria-describedby") || "";
    control.setAttribute("aria-describedby", ((control.getAttribute("aria-describedby") || "") + " " + note.id).trim());
    if (control.matches("input, textarea, select") && !p.warning) control.setAttribute("aria-invalid", "true");
  });
}

// useOf says which use of its source the current document is, for a
// source the reader prints twice.
function useOf(it) {
  let n = 0;
  for (const [pi, p] of (state.parts || []).entries()) {
    for (const [ii, x] of (p.items || []).entries()) {
      if (pi === current.part && ii === current.item) return n;
      if (x.id === it.id) n++;
    }
  }
  return 0;
}

function currentItem() {
  if (!current) return null;
  const p = (state.parts || [])[current.part];
  return p && (p.items || [])[current.item];
}

function renderItem() {
  const it = currentItem();
  $("item").hidden = !it;
  if (!it) { stopEditing(); return; }
  const pre = "p" + current.part + ".i" + current.item;
  $("item-h").textContent = "Document: " + (it.title || titleOf(it.id));
  $("headnote").dataset.target = pre + ".headnote";
  $("excerpt-set").dataset.target = shown && shown.id === it.id ? pre + ".excerpt" : "";
  if (document.activeElement !== $("headnote")) $("headnote").value = it.headnote || "";
  redraw($("vocabulary"), () => $("vocabulary").replaceChildren(...(it.vocabulary || []).map((v, i) => el("li", { "data-target": pre + ".vocabulary." + i }, v.term + ": " + v.definition + " ",
    el("button", { type: "button", onclick: () => { $("vocab-term").focus(); edit(Object.assign({ op: "remove-vocab", index: i }, current)); }, "aria-label": "Remove " + v.term + " from the word bank" }, "Remove")))));
  const ann = $("annotations");
  redraw(ann, () => drawAnnotations(ann, it, pre));
  const qs = $("questions");
  redraw(qs, () => drawQuestions(qs, it, pre));
  if (shown && shown.id === it.id) renderText();
}

function drawAnnotations(ann, it, pre) {
  ann.replaceChildren();
  (it.annotations || []).forEach((a, i) => ann.append(el("li", { "data-target": pre + ".annotations." + i }, "“" + a.anchor + "”" + (a.occurrence > 1 ? " (" + a.occurrence + ")" : "") + ": " + a.note + " ",
    el("button", { type: "button", onclick: () => editAnnotation(i), "aria-label": "Edit the note on " + a.anchor }, "Edit"),
    el("button", { type: "button", onclick: () => { stopEditing(); $("anchor").focus(); edit(Object.assign({ op: "remove-annotation", index: i }, current), "Removed the note."); }, "aria-label": "Remove the note on " + a.anchor }, "Remove"))));
}

function drawQuestions(qs, it, pre) {
  qs.replaceChildren();
  (it.questions || []).forEach((q, i) => qs.append(el("li", { "data-target": pre + ".questions." + i }, (q.stage ? q.stage + ": " : "") + q.text + " ",
    el("button", { type: "button", onclick: () => editQuestion(i), "aria-label": "Edit question " + (i + 1) }, "Edit"),
    el("button", { type: "button", onclick: () => { stopEditing(); $("qtext").focus(); edit(Object.assign({ op: "remove-question", index: i }, current), "Removed the question."); }, "aria-label": "Remove question " + (i + 1) }, "Remove"))));
}

// Editing an entry: the add form takes its values and saves in its place.
function editAnnotation(i) {
  const a = currentItem().annotations[i];
  editing = { kind: "annotation", index: i };
  $("anchor").value = a.anchor; $("occurrence").value = a.occurrence || 1; $("note").value = a.note;
  $("annotate-submit").textContent = "Save the annotation";
  $("annotate-cancel").hidden = false;
  $("note").focus();
  say("Editing the note on “" + a.anchor + "”.");
}
function editQuestion(i) {
  const q = currentItem().questions[i];
  editing = { kind: "question", index: i };
  $("qtext").value = q.text; $("stage").value = q.stage || ""; $("answer").value = q.answer || ""; $("lines").value = q.lines || 0;
  if (q.anchor) { $("anchor").value = q.anchor; $("occurrence").value = q.occurrence || 1; }
  $("question-submit").textContent = "Save the question";
  $("question-cancel").hidden = false;
  $("qtext").focus();
  say("Editing question " + (i + 1) + ".");
}
function stopEditing() {
  editing = null;
  $("annotate-submit").textContent = "Add the annotation";
  $("question-submit").textContent = "Add the question";
  $("annotate-cancel").hidden = true;
  $("question-cancel").hidden = true;
}

async function read(id) {
  const r = await fetch("/api/source?id=" + encodeURIComponent(id));
  const s = await r.json();
  if (!r.ok) { alarm(s.error); return; }
  shown = s;
  textShown = "";
  ticked = false;
  $("reading").hidden = false;
  $("reading-h").textContent = "Reading: " + s.title + (s.date ? " (" + s.date + ")" : "");
  renderText();
  return s;
}

// kept says which blocks an excerpt prints: a numbered paragraph when
// ticked, any other block (a heading, a closing) with the next numbered
// one, or at the end with the last (as the build does).
function kept(blocks, keep) {
  if (!keep || !keep.length) return blocks.map(() => true);
  const on = new Set(keep), out = [];
  let prev = 0;
  const next = blocks.map(() => 0);
  for (let i = blocks.length - 1, n = 0; i >= 0; i--) { if (blocks[i].number) n = blocks[i].number; next[i] = n; }
  blocks.forEach((b, i) => {
    out.push(next[i] ? on.has(next[i]) : prev ? on.has(prev) : false);
    if (b.number) prev = b.number;
  });
  return out;
}

// renderText shows the source; for the document being edited, each
// numbered paragraph has a box to tick for an excerpt.
let textShown = "";   // what renderText last drew, so as not to redraw it (and lose the focus)
let ticked = false;   // boxes ticked or cleared and not yet saved
function renderText() {
  const it = currentItem();
  const mine = it && shown && it.id === shown.id;
  let keep = mine ? it.excerpt || [] : [];
  const key = JSON.stringify([shown.id, mine, keep]);
  if (key === textShown) return;
  if (ticked && mine) {
    // Ticks not yet saved stay as the teacher left them.
    keep = [...document.querySelectorAll("#text input[type=checkbox]:checked")].map((c) => +c.value);
  }
  textShown = key;
  const on = kept(shown.blocks, it && mine ? it.excerpt || [] : []);
  const box = $("text");
  box.replaceChildren(...shown.blocks.map((b, i) => {
    const row = el("div", { class: "para" + (on[i] ? "" : " left-out") });
    if (mine && b.number) {
      const cb = el("input", { type: "checkbox", id: "keep-" + b.number, value: String(b.number) });
      cb.checked = keep.includes(b.number);
      row.append(cb, el("label", { for: "keep-" + b.number, class: "keep" }, "Keep ¶ " + b.number));
    } else if (b.number) {
      row.append(el("span", { class: "keep" }, "¶ " + b.number));
    } else {
      row.append(el("span", { class: "keep", "aria-hidden": "true" }));
    }
    row.append(el(b.heading ? "h3" : "p", {}, b.text));
    return row;
  }));
  $("excerpt-save").hidden = $("excerpt-whole").hidden = $("excerpt-hint").hidden = !mine;
  $("excerpt-set").querySelector("legend").textContent = mine ? "Paragraphs to print" : "Text";
  // The text the phrases are counted in: what the document prints.
  text = shown.blocks.filter((b, i) => on[i]).map((b) => b.text).join("\n\n");
}

async function openItem(pi, ii) {
  // A headnote still being typed is saved to its own document first.
  if (typing || saving) await saveHeadnote();
  current = { part: pi, item: ii };
  stopEditing();
  renderItem();
  await read(currentItem().id);
  preview();
  $("headnote").focus();
}

async function addDoc(id) {
  let part = current ? current.part : 0;
  await edit({ op: "add-doc", id: id, part: part }, "Added " + titleOf(id) + ".");
}

// The phrase selected in the text, and which occurrence of it it is in
// what the document prints (an excerpt counts only its paragraphs).
function captureSelection() {
  const sel = window.getSelection();
  if (!sel.rangeCount || sel.isCollapsed) return;
  const range = sel.getRangeAt(0);
  const box = $("text");
  if (!box.contains(range.startContainer)) return;
  const phrase = sel.toString().replace(/\s+/g, " ").trim();
  if (!phrase) return;
  let para = range.startContainer.nodeType === 1 ? range.startContainer : range.startContainer.parentNode;
  para = para.closest("#text p, #text h3");
  if (!para) return;
  if (para.parentNode.classList.contains("left-out")) {
    alarm("That paragraph is left out of the excerpt: a note or question cannot point at it.");
    return;
  }
  // Offset of the selection in the printed text, paragraphs joined by "\n\n".
  const paras = [...box.querySelectorAll(".para:not(.left-out) > p, .para:not(.left-out) > h3")];
  const pi = paras.indexOf(para);
  let offset = 0;
  for (let i = 0; i < pi; i++) offset += paras[i].textContent.length + 2;
  const pre = document.createRange();
  pre.setStart(para, 0);
  pre.setEnd(range.startContainer, range.startOffset);
  offset += pre.toString().length;
  // Occurrences do not overlap, as the build counts them.
  let n = 0, at = text.indexOf(phrase);
  while (at !== -1 && at <= offset) { n++; at = text.indexOf(phrase, at + phrase.length); }
  $("anchor").value = phrase;
  $("occurrence").value = Math.max(n, 1);
  alarm("");
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
  $("headnote-form").addEventListener("submit", async (e) => { e.preventDefault(); await saveHeadnote(); say("Saved the headnote."); });
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
  $("annotate-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const was = editing, upd = editing && editing.kind === "annotation";
    const ok = await edit(Object.assign({ op: upd ? "update-annotation" : "annotate", index: upd ? editing.index : 0, anchor: $("anchor").value, occurrence: +$("occurrence").value, note: $("note").value }, current),
      upd ? "Saved the annotation." : "Added the annotation.");
    // Cleared unless the teacher has meanwhile chosen another entry to edit.
    if (ok && editing === was) { $("note").value = ""; stopEditing(); }
  });
  $("annotate-cancel").addEventListener("click", () => { stopEditing(); $("note").value = ""; say("The note is as it was."); $("note").focus(); });
  $("question-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const stage = $("stage").value;
    const was = editing, upd = editing && editing.kind === "question";
    const ok = await edit(Object.assign({ op: upd ? "update-question" : "question", index: upd ? editing.index : 0, text: $("qtext").value, stage: stage, answer: $("answer").value, lines: +$("lines").value,
      anchor: stage === "during" ? $("anchor").value : "", occurrence: +$("occurrence").value }, current), upd ? "Saved the question." : "Added the question.");
    if (ok && editing === was) { $("qtext").value = ""; $("answer").value = ""; stopEditing(); }
  });
  $("question-cancel").addEventListener("click", () => { stopEditing(); $("qtext").value = ""; $("answer").value = ""; say("The question is as it was."); $("qtext").focus(); });
  $("text").addEventListener("change", () => { ticked = true; });
  $("excerpt-form").addEventListener("submit", (e) => {
    e.preventDefault();
    ticked = false;
    const ps = [...document.querySelectorAll("#text input[type=checkbox]:checked")].map((c) => +c.value);
    edit(Object.assign({ op: "excerpt", paragraphs: ps }, current), ps.length ? "Saved the excerpt: " + ps.length + " paragraph(s)." : "The whole document is printed.");
  });
  $("excerpt-whole").addEventListener("click", () => {
    ticked = false;
    document.querySelectorAll("#text input[type=checkbox]").forEach((c) => { c.checked = false; });
    edit(Object.assign({ op: "excerpt", paragraphs: [] }, current), "The whole document is printed.");
  });
  $("part-edit-form").addEventListener("submit", (e) => {
    e.preventDefault();
    edit({ op: "part", part: partEditing, title: $("ptitle").value, text: $("pintro").value, question: $("pquestion").value }, "Saved the part.");
  });
  $("part-edit-cancel").addEventListener("click", closePart);
  $("headnote").addEventListener("input", headnoteTyped);
  for (const id of ["type", "subject"]) $(id).addEventListener("change", load);
  $("clear-filters").addEventListener("click", () => { for (const id of ["q", "type", "subject", "from", "to"]) $(id).value = ""; load(); });
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
