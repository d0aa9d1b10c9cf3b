import { InputError } from '../../../shared/errors';

/**
 * Praat TextGrid text files (long and short forms, and anything between). Praat's own rule
 * ("TextGrid file formats" in its manual): the data are the free-standing numbers, double-quoted
 * strings ("" escapes a quote; strings may span lines) and <flags>; everything else ("xmin =",
 * "item [1]:") is comment, as is the rest of a line after "!". A tokenizer over that rule reads
 * both forms with one grammar. Written here because the npm TextGrid readers handle only the long
 * form and report no lines.
 */

export interface TgInterval {
  xmin: number;
  xmax: number;
  text: string;
  line: number;
}

export interface TgTier {
  kind: 'interval' | 'point';
  name: string;
  line: number;
  intervals: TgInterval[];
}

export interface TextGrid {
  xmin: number;
  xmax: number;
  tiers: TgTier[];
}

type Tok = { kind: 'num'; value: number; line: number } | { kind: 'str'; value: string; line: number } | { kind: 'flag'; value: string; line: number };

function tokenize(file: string, text: string): Tok[] {
  const toks: Tok[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';
  while (i < n) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      line++;
      i++;
    } else if (isSpace(c)) {
      i++;
    } else if (c === '!') {
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (c === '"') {
      const startLine = line;
      let s = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new InputError(file, 'unterminated string (a missing closing ")', startLine);
        s += text.slice(i, q);
        if (text[q + 1] === '"') {
          s += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      line += countBreaks(s);
      toks.push({ kind: 'str', value: s.replace(/\r\n?/g, '\n'), line: startLine });
    } else {
      let j = i;
      while (j < n && !isSpace(text[j])) j++;
      const word = text.slice(i, j);
      if (/^<[^>]*>$/.test(word)) toks.push({ kind: 'flag', value: word, line });
      else if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(word)) toks.push({ kind: 'num', value: Number(word), line });
      i = j;
    }
  }
  return toks;
}

function countBreaks(s: string): number {
  return (s.match(/\r\n|\r|\n/g) ?? []).length;
}

export function parseTextGridDocument(file: string, text: string): TextGrid {
  const firstLine = text.slice(0, 200).split(/\r\n|\r|\n/)[0];
  if (/ooBinaryFile/.test(firstLine)) throw new InputError(file, 'binary TextGrid is not supported; in Praat use "Save as text file..."', 1);
  const toks = tokenize(file, text);
  let k = 0;
  const lastLine = () => (toks.length ? toks[toks.length - 1].line : 1);
  const next = (what: string): Tok => {
    if (k >= toks.length) throw new InputError(file, `broken TextGrid: file ends where ${what} was expected (truncated?)`, lastLine());
    return toks[k++];
  };
  const num = (what: string): number => {
    const t = next(what);
    if (t.kind !== 'num') throw new InputError(file, `broken TextGrid: expected a number for ${what}, found ${describe(t)}`, t.line);
    return t.value;
  };
  const str = (what: string): Tok & { kind: 'str' } => {
    const t = next(what);
    if (t.kind !== 'str') throw new InputError(file, `broken TextGrid: expected a quoted text for ${what}, found ${describe(t)}`, t.line);
    return t;
  };
  const count = (what: string): number => {
    const t = toks[k];
    const v = num(what);
    if (!Number.isInteger(v) || v < 0) throw new InputError(file, `broken TextGrid: ${what} must be a whole number, found ${v}`, t.line);
    return v;
  };

  const fileType = str('the file type "ooTextFile"');
  if (!/^ooTextFile( short)?$/.test(fileType.value)) throw new InputError(file, `not a Praat text file (file type "${fileType.value}")`, fileType.line);
  const cls = str('the object class "TextGrid"');
  if (cls.value !== 'TextGrid') throw new InputError(file, `not a TextGrid (object class "${cls.value}")`, cls.line);
  const xmin = num('the TextGrid xmin');
  const xmax = num('the TextGrid xmax');
  const flag = next('<exists> or <absent>');
  if (flag.kind !== 'flag') throw new InputError(file, `broken TextGrid: expected <exists> or <absent>, found ${describe(flag)}`, flag.line);
  const tiers: TgTier[] = [];
  if (flag.value === '<absent>') return { xmin, xmax, tiers };
  const nTiers = count('the number of tiers');
  for (let t = 1; t <= nTiers; t++) {
    const klass = str(`the class of tier ${t}`);
    const kind = klass.value === 'IntervalTier' ? 'interval' : klass.value === 'TextTier' ? 'point' : null;
    if (!kind) throw new InputError(file, `broken TextGrid: tier ${t} has unknown class "${klass.value}"`, klass.line);
    const name = str(`the name of tier ${t}`).value;
    num(`tier ${t} xmin`);
    num(`tier ${t} xmax`);
    const size = count(`the size of tier ${t}`);
    const tier: TgTier = { kind, name, line: klass.line, intervals: [] };
    for (let j = 1; j <= size; j++) {
      const where = `tier ${t} ${kind === 'interval' ? 'interval' : 'point'} ${j}`;
      const lineTok = toks[k];
      const a = num(`${where} ${kind === 'interval' ? 'xmin' : 'time'}`);
      const b = kind === 'interval' ? num(`${where} xmax`) : a;
      const label = str(`${where} text`).value;
      tier.intervals.push({ xmin: a, xmax: b, text: label, line: lineTok?.line ?? lastLine() });
    }
    tiers.push(tier);
  }
  if (k < toks.length) throw new InputError(file, `broken TextGrid: unexpected ${describe(toks[k])} after the last tier (wrong tier or interval count?)`, toks[k].line);
  return { xmin, xmax, tiers };
}

function describe(t: Tok): string {
  if (t.kind === 'num') return `the number ${t.value}`;
  if (t.kind === 'flag') return `the flag ${t.value}`;
  return `the text "${t.value.length > 40 ? `${t.value.slice(0, 37)}...` : t.value}"`;
}
