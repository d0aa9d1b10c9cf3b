/**
 * Writes the text corpus that scripts/models/finetune_minilm.py fine-tunes the encoder on, as JSON
 * lines {set, split, group, text, label}, read through datasets.ts so that Python parses none of the
 * source formats itself (one reader per data set).
 *
 * Splits: `fit` trains the encoder; `select` (about 1 in 10 MOSI videos and MELD dialogues, whole
 * groups so that a speaker's or a scene's sentences never sit on both sides) picks its epoch; `dev`
 * (MOSI dev, MELD dev) is never seen by the fine-tune and is where the shipped figures come from.
 *
 * Usage: node bin/run-ts.mjs scripts/train/text-corpus.ts OUT.jsonl
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { readMeld, readMosi, readVader, sharedDir } from './datasets';

const out = process.argv[2];
if (!out) {
  process.stderr.write('usage: text-corpus.ts OUT.jsonl\n');
  process.exit(2);
}

// MOSI's train.tsv has no video ids; label_train_valid.csv has them beside the same sentences (lower case).
const idFile = path.join(sharedDir, 'data', 'mosi', 'label_train_valid.csv');
const norm = (t: string) => t.toLowerCase().replace(/\s+/g, ' ').trim();
const videoOf = new Map<string, string>();
for (const r of parse(readFileSync(idFile), { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[]) {
  videoOf.set(norm(r.text ?? ''), (r.id ?? '').replace(/_\d+$/, ''));
}
const inSelect = (group: string) => createHash('sha1').update(group).digest()[0] % 10 === 0;

const rows: { set: string; split: string; group: string; text: string; label: number }[] = [];
let unmatched = 0;
for (const it of readMosi('train')) {
  const video = videoOf.get(norm(it.text));
  if (!video) unmatched++;
  const group = `mosi:${video ?? it.id}`;
  rows.push({ set: 'mosi', split: inSelect(group) ? 'select' : 'fit', group, text: it.text, label: it.label });
}
for (const it of readMosi('dev')) rows.push({ set: 'mosi', split: 'dev', group: 'mosi-dev', text: it.text, label: it.label });
for (const it of readMeld('train')) {
  const group = `meld:${it.dialogue}`;
  rows.push({ set: 'meld', split: inSelect(group) ? 'select' : 'fit', group, text: it.text, label: it.label });
}
for (const it of readMeld('dev')) rows.push({ set: 'meld', split: 'dev', group: 'meld-dev', text: it.text, label: it.label });
for (const it of readVader()) rows.push({ set: 'vader', split: 'fit', group: it.id, text: it.text, label: it.label });

writeFileSync(out, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
const count = (set: string, split: string) => rows.filter((r) => r.set === set && r.split === split).length;
console.log(
  `wrote ${out}: ` +
    ['mosi', 'meld', 'vader'].map((s) => `${s} fit ${count(s, 'fit')} / select ${count(s, 'select')} / dev ${count(s, 'dev')}`).join('; ') +
    `; MOSI train sentences without a video id (own group): ${unmatched}`,
);
