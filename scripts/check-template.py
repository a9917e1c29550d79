#!/usr/bin/env python3
"""A quick checker for a case-study template while writing it, with no
build: python3 scripts/check-template.py templates/<id>.ron

Expects one element per line, as the shipped templates are written. Prints
ERROR lines (tests/templates.rs and tests/content.rs would fail, or the
Study board would look broken) and WARN lines (layout to tidy: arrows
through boxes, labels cut off, parts too close). The Rust tests are the
real check; this one also looks at the layout, which they do not.
"""
import math
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")

path = sys.argv[1]
src = open(path, encoding="utf-8").read()
cat = open(os.path.join(ROOT, "assets/catalog.ron"), encoding="utf-8").read()
kind_cats = dict(re.findall(r'\(id: "([a-z_]+)", name: "[^"]*", category: "([a-z]+)"', cat))
kinds = set(kind_cats)
MONITORING = {k for k, c in kind_cats.items() if c == "monitoring"}
ONLINE_EVAL = {k for k, c in kind_cats.items() if c == "experimentation"}
fw_id = re.search(r'framework: "([a-z0-9-]+)"', src)[1]
fw = open(os.path.join(ROOT, "assets/frameworks", fw_id + ".ron"), encoding="utf-8").read()
STEPS = re.findall(r'^    \(id: "([a-z-]+)", title:', fw, re.M)
errs, warns = [], []
S = r'"((?:[^"\\]|\\.)*)"'
NUM = r'(-?[\d.]+)'
comp_re = re.compile(r'Component\(\(id: (\d+), kind: "([^"]*)", label: ' + S + r', pos: \(x: ' + NUM + r', y: ' + NUM + r'\), size: \(w: ' + NUM + r', h: ' + NUM + r'\)(.*)\)\),?\s*$')
note_re = re.compile(r'Note\(\(id: (\d+), text: ' + S + r', pos: \(x: ' + NUM + r', y: ' + NUM + r'\), size: \(w: ' + NUM + r', h: ' + NUM + r'\)')
frame_re = re.compile(r'Frame\(\(id: (\d+), title: ' + S + r', pos: \(x: ' + NUM + r', y: ' + NUM + r'\), size: \(w: ' + NUM + r', h: ' + NUM + r'\)')
arrow_re = re.compile(r'Arrow\(\(id: (\d+), from: Element\(id: (\d+)\), to: Element\(id: (\d+)\)(.*)\)\),?\s*$')
comps, notes, frames, arrows = {}, {}, {}, {}
ids = []
for ln, line in enumerate(src.splitlines(), 1):
    s = line.strip()
    if s.startswith("Component(("):
        m = comp_re.search(s)
        if not m: errs.append(f"line {ln}: Component not in the expected one-line form"); continue
        i = int(m[1]); ids.append(i)
        comps[i] = dict(kind=m[2], label=m[3], x=float(m[4]), y=float(m[5]), w=float(m[6]), h=float(m[7]), rest=m[8])
    elif s.startswith("Note(("):
        m = note_re.search(s)
        if not m: errs.append(f"line {ln}: Note not in the expected one-line form"); continue
        i = int(m[1]); ids.append(i)
        notes[i] = dict(text=m[2], x=float(m[3]), y=float(m[4]), w=float(m[5]), h=float(m[6]))
    elif s.startswith("Frame(("):
        m = frame_re.search(s)
        if not m: errs.append(f"line {ln}: Frame not in the expected one-line form"); continue
        i = int(m[1]); ids.append(i)
        frames[i] = dict(title=m[2], x=float(m[3]), y=float(m[4]), w=float(m[5]), h=float(m[6]))
    elif s.startswith("Arrow(("):
        m = arrow_re.search(s)
        if not m: errs.append(f"line {ln}: Arrow not in the expected one-line form"); continue
        i = int(m[1]); ids.append(i)
        arrows[i] = dict(a=int(m[2]), b=int(m[3]), rest=m[4])
if len(ids) != len(set(ids)): errs.append("duplicate element ids")
m = re.search(r'next_id: (\d+)', src)
if not m or int(m[1]) <= max(ids): errs.append("next_id must be greater than every id")
for i, c in comps.items():
    if c["kind"] not in kinds: errs.append(f"component {i} ({c['label']}): kind {c['kind']} not in the catalog")
    if len(c["label"]) > 34: warns.append(f"component {i}: label '{c['label']}' is {len(c['label'])} chars; over ~34 it is cut off")
    if c["w"] < 150 or c["h"] < 60: warns.append(f"component {i}: small box")
def rect(e): return (e["x"], e["y"], e["x"]+e["w"], e["y"]+e["h"])
def inter(a, b, pad=0):
    return a[0] < b[2]+pad and b[0] < a[2]+pad and a[1] < b[3]+pad and b[1] < a[3]+pad
boxes = [(f"component {i} '{c['label']}'", rect(c)) for i, c in comps.items()] + [(f"note {i}", rect(n)) for i, n in notes.items()]
for a in range(len(boxes)):
    for b in range(a+1, len(boxes)):
        if inter(boxes[a][1], boxes[b][1], 0): errs.append(f"{boxes[a][0]} overlaps {boxes[b][0]}")
        elif inter(boxes[a][1], boxes[b][1], 20): warns.append(f"{boxes[a][0]} is closer than 20 px to {boxes[b][0]}")
for fi, f in frames.items():
    fr = rect(f)
    title = (fr[0], fr[1]-26, fr[0]+8*len(f["title"])+16, fr[1])
    for name, r in boxes:
        inside = r[0] >= fr[0] and r[1] >= fr[1] and r[2] <= fr[2] and r[3] <= fr[3]
        if inter(r, fr) and not inside: errs.append(f"{name} straddles the border of frame '{f['title']}'")
        if inter(r, title): errs.append(f"{name} covers the title of frame '{f['title']}'")
    for fj, g in frames.items():
        if fj > fi and inter(fr, rect(g)):
            gr = rect(g)
            nested = (gr[0] >= fr[0] and gr[1] >= fr[1] and gr[2] <= fr[2] and gr[3] <= fr[3]) or (fr[0] >= gr[0] and fr[1] >= gr[1] and fr[2] <= gr[2] and fr[3] <= gr[3])
            if not nested: errs.append(f"frames '{f['title']}' and '{g['title']}' overlap")
# Note text fits its card: 14 px text, ~7.2 px per char, 18 px lines, 10 px padding.
for i, n in notes.items():
    text = n["text"].replace('\\"', '"')
    per = max(1, int((n["w"] - 20) / 7.2))
    lines = sum(max(1, math.ceil(len(l) / per)) for l in text.split("\\n"))
    need = lines * 18 + 20
    if need > n["h"]: errs.append(f"note {i}: text needs ~{need:.0f} px of height, card is {n['h']:.0f} (make it taller or wider)")
# Arrows: ends exist; the straight line between centres should not cross a third box.
def seg_hits(p, q, r):
    # Liang-Barsky clip of segment p-q against rect r
    x0, y0, x1, y1 = r
    t0, t1 = 0.0, 1.0
    dx, dy = q[0]-p[0], q[1]-p[1]
    for pp, qq in ((-dx, p[0]-x0), (dx, x1-p[0]), (-dy, p[1]-y0), (dy, y1-p[1])):
        if pp == 0:
            if qq < 0: return False
        else:
            t = qq / pp
            if pp < 0: t0 = max(t0, t)
            else: t1 = min(t1, t)
    return t0 < t1
centre = lambda c: (c["x"]+c["w"]/2, c["y"]+c["h"]/2)
for i, a in arrows.items():
    if a["a"] not in comps or a["b"] not in comps: errs.append(f"arrow {i}: an end is not a component"); continue
    p, q = centre(comps[a["a"]]), centre(comps[a["b"]])
    for name, r in boxes:
        if name.startswith(f"component {a['a']} ") or name.startswith(f"component {a['b']} "): continue
        shrunk = (r[0]+4, r[1]+4, r[2]-4, r[3]-4)
        if seg_hits(p, q, shrunk): warns.append(f"arrow {i} ({comps[a['a']]['label']} -> {comps[a['b']]['label']}) runs through {name}")
# Budgets
m = re.search(r'budgets: \{([^}]*)\}', src)
if not m: errs.append("no budgets")
else:
    b = dict((k, float(v)) for k, v in re.findall(r'"([a-z-]+)": ([\d.]+)', m[1]))
    for k in b:
        if k not in STEPS: errs.append(f"budget for unknown step {k}")
    for k in STEPS:
        if k not in b: errs.append(f"no budget for step {k}")
    if abs(sum(b.values()) - 45) > 1e-6: errs.append(f"budgets add up to {sum(b.values())}, not 45")
# Metrics named in notes
m = re.search(r'offline: \[([^\]]*)\]', src); off = re.findall(S, m[1]) if m else []
m = re.search(r'online: \[([^\]]*)\]', src); on = re.findall(S, m[1]) if m else []
if not off or not on: errs.append("metrics: need offline and online")
notetext = " ".join(n["text"] for n in notes.values()).lower()
for name in off + on:
    if name.lower() not in notetext: errs.append(f"metric '{name}' is not written (exactly) in any note")
kinds_used = {c["kind"] for c in comps.values()}
if not kinds_used & MONITORING: errs.append("no monitoring component (one of %s)" % sorted(MONITORING))
if not kinds_used & ONLINE_EVAL: errs.append("no A/B or online-evaluation component (one of %s)" % sorted(ONLINE_EVAL))
with_notes = sum(1 for c in comps.values() if 'notes: "' in c["rest"])
print(f"{path}: {len(comps)} components ({with_notes} with notes), {len(notes)} notes, {len(frames)} frames, {len(arrows)} arrows")
for e in errs: print("ERROR", e)
for w in warns: print("WARN ", w)
sys.exit(1 if errs else 0)
