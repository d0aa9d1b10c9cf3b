import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { InputError } from '../../../shared/errors';
import { lineAtOffset } from './decode';

/**
 * An ELAN .eaf file read into plain data with every reference checked and every annotation's
 * time resolved: alignable annotations from their time slots (unaligned slots interpolated between
 * their aligned neighbours in TIME_ORDER, as ELAN places them), reference annotations from the
 * alignable annotation at the root of their ANNOTATION_REF chain.
 */

export interface EafAnnotation {
  id: string;
  kind: 'alignable' | 'ref';
  slot1: string | null;
  slot2: string | null;
  /** The annotation this one refers to (ref annotations only). */
  ref: string | null;
  startMs: number;
  endMs: number;
  value: string;
}

export interface EafTier {
  id: string;
  participant: string | null;
  type: string;
  parent: string | null;
  annotations: EafAnnotation[];
}

export interface EafDocument {
  properties: Map<string, string>;
  media: { url: string; mimeType: string; relativeUrl: string | null }[];
  tiers: EafTier[];
}

const ARRAYS = new Set(['TIER', 'TIME_SLOT', 'ANNOTATION', 'LINGUISTIC_TYPE', 'PROPERTY', 'MEDIA_DESCRIPTOR']);

type Node = Record<string, any>;

/**
 * ELAN never writes a DTD. Entity declarations are how XML attacks a reader: external ones read
 * local files (XXE), nested ones expand a few bytes into gigabytes ("billion laughs"); the parser
 * would leave the latter as the literal text "&lol9;". Refuse both, saying where.
 */
function refuseEntities(file: string, text: string): void {
  // In well-formed XML a literal "<!ENTITY" outside markup would be escaped, so any is a declaration.
  const m = /<!ENTITY/i.exec(text);
  if (!m) return;
  const external = /<!ENTITY\s+%?\s*[\w.-]+\s+(SYSTEM|PUBLIC)\b/i.test(text);
  throw new InputError(
    file,
    `declares ${external ? 'an external XML entity (it could read other files)' : 'XML entities (entity expansion)'}; transcripts with <!ENTITY> declarations are refused. Remove the DOCTYPE block`,
    lineAtOffset(text, m.index),
  );
}

export function parseEafDocument(file: string, text: string): EafDocument {
  refuseEntities(file, text);
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new InputError(file, `malformed XML: ${valid.err.msg}`, valid.err.line);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    parseAttributeValue: false,
    htmlEntities: true,
    isArray: (name) => ARRAYS.has(name),
  });
  const root = (parser.parse(text) as Node).ANNOTATION_DOCUMENT as Node | undefined;
  if (!root || typeof root !== 'object') throw new InputError(file, 'not an ELAN file: no ANNOTATION_DOCUMENT element', 1);
  const at = (needle: string) => {
    const i = text.indexOf(needle);
    return i < 0 ? undefined : lineAtOffset(text, i);
  };

  const header: Node = typeof root.HEADER === 'object' && root.HEADER ? root.HEADER : {};
  const units = header['@TIME_UNITS'] ?? 'milliseconds';
  if (units !== 'milliseconds') throw new InputError(file, `unsupported TIME_UNITS "${units}" (only milliseconds)`, at('TIME_UNITS'));
  const properties = new Map<string, string>();
  for (const p of (header.PROPERTY ?? []) as Node[]) {
    if (p && typeof p === 'object' && p['@NAME']) properties.set(String(p['@NAME']), String(p['#text'] ?? ''));
  }
  const media = ((header.MEDIA_DESCRIPTOR ?? []) as Node[]).map((m) => ({
    url: String(m['@MEDIA_URL'] ?? ''),
    mimeType: String(m['@MIME_TYPE'] ?? ''),
    relativeUrl: m['@RELATIVE_MEDIA_URL'] ? String(m['@RELATIVE_MEDIA_URL']) : null,
  }));

  const slots = resolveSlots(file, (root.TIME_ORDER?.TIME_SLOT ?? []) as Node[], at);

  const tiers: EafTier[] = [];
  const byId = new Map<string, EafAnnotation>();
  for (const t of (root.TIER ?? []) as Node[]) {
    const id = String(t['@TIER_ID'] ?? '');
    if (!id) throw new InputError(file, 'TIER without TIER_ID', at('<TIER'));
    const tier: EafTier = {
      id,
      participant: t['@PARTICIPANT'] ? String(t['@PARTICIPANT']) : null,
      type: String(t['@LINGUISTIC_TYPE_REF'] ?? ''),
      parent: t['@PARENT_REF'] ? String(t['@PARENT_REF']) : null,
      annotations: [],
    };
    for (const a of (t.ANNOTATION ?? []) as Node[]) {
      const al = a?.ALIGNABLE_ANNOTATION as Node | undefined;
      const rf = a?.REF_ANNOTATION as Node | undefined;
      const n = al ?? rf;
      if (!n) throw new InputError(file, `ANNOTATION on tier "${id}" has neither ALIGNABLE_ANNOTATION nor REF_ANNOTATION`, at(`TIER_ID="${id}"`));
      const annId = String(n['@ANNOTATION_ID'] ?? '');
      if (!annId) throw new InputError(file, `annotation without ANNOTATION_ID on tier "${id}"`, at(`TIER_ID="${id}"`));
      if (byId.has(annId)) throw new InputError(file, `duplicate ANNOTATION_ID "${annId}"`, at(`ANNOTATION_ID="${annId}"`));
      const ann: EafAnnotation = {
        id: annId,
        kind: al ? 'alignable' : 'ref',
        slot1: al ? String(al['@TIME_SLOT_REF1'] ?? '') : null,
        slot2: al ? String(al['@TIME_SLOT_REF2'] ?? '') : null,
        ref: rf ? String(rf['@ANNOTATION_REF'] ?? '') : null,
        startMs: NaN,
        endMs: NaN,
        value: valueOf(n.ANNOTATION_VALUE),
      };
      if (al) {
        for (const s of [ann.slot1!, ann.slot2!]) {
          if (!slots.has(s)) throw new InputError(file, `annotation "${annId}" refers to time slot "${s}", which TIME_ORDER does not define`, at(`ANNOTATION_ID="${annId}"`));
        }
        ann.startMs = slots.get(ann.slot1!)!;
        ann.endMs = slots.get(ann.slot2!)!;
      }
      byId.set(annId, ann);
      tier.annotations.push(ann);
    }
    tiers.push(tier);
  }

  const tierIds = new Set(tiers.map((t) => t.id));
  for (const t of tiers) {
    if (t.parent && !tierIds.has(t.parent)) throw new InputError(file, `tier "${t.id}" has PARENT_REF "${t.parent}", which is not a tier`, at(`TIER_ID="${t.id}"`));
  }
  for (const ann of byId.values()) {
    if (ann.kind !== 'ref') continue;
    let cur = ann;
    for (let hops = 0; cur.kind === 'ref'; hops++) {
      const next = byId.get(cur.ref!);
      if (!next) throw new InputError(file, `annotation "${cur.id}" refers to annotation "${cur.ref}", which does not exist`, at(`ANNOTATION_ID="${cur.id}"`));
      if (hops > byId.size) throw new InputError(file, `annotation "${ann.id}" is part of a reference cycle`, at(`ANNOTATION_ID="${ann.id}"`));
      cur = next;
    }
    ann.startMs = cur.startMs;
    ann.endMs = cur.endMs;
  }
  return { properties, media, tiers };
}

function valueOf(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') return String((v as Node)['#text'] ?? '');
  return String(v);
}

function resolveSlots(file: string, raw: Node[], at: (n: string) => number | undefined): Map<string, number> {
  const ids: string[] = [];
  const values: (number | null)[] = [];
  for (const s of raw) {
    const id = String(s['@TIME_SLOT_ID'] ?? '');
    if (!id) throw new InputError(file, 'TIME_SLOT without TIME_SLOT_ID', at('<TIME_SLOT'));
    const v = s['@TIME_VALUE'];
    if (v !== undefined && !/^\d+$/.test(String(v))) {
      throw new InputError(file, `time slot "${id}" has TIME_VALUE "${v}", not a whole number of ms`, at(`TIME_SLOT_ID="${id}"`));
    }
    ids.push(id);
    values.push(v === undefined ? null : Number(v));
  }
  const out = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) {
    let v = values[i];
    if (v === null) {
      let p = i - 1;
      while (p >= 0 && values[p] === null) p--;
      let n = i + 1;
      while (n < ids.length && values[n] === null) n++;
      const pv = p >= 0 ? values[p]! : null;
      const nv = n < ids.length ? values[n]! : null;
      if (pv === null && nv === null) throw new InputError(file, 'no time slot in TIME_ORDER has a TIME_VALUE', at('TIME_ORDER'));
      v = pv === null ? nv! : nv === null ? pv : Math.round(pv + ((nv - pv) * (i - p)) / (n - p));
    }
    out.set(ids[i], v);
  }
  return out;
}
