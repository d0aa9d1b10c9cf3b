import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LabelledSegment } from '../../../shared/types';
import { EAF_SENTIMENT_TYPE } from '../transcripts/eaf';
import { assignLanes, formatScore, mimeTypeOf, singleTimeline, xmlEscape } from './common';
import { annotatorTiers, modelTiers, modelVersions } from './tiers';
import type { ExportData, ExportOptions } from './types';

/**
 * ELAN EAF 3.0 (validates against EAFv3.0.xsd). One independent tier per speaker (PARTICIPANT =
 * speaker; a second tier "Name #2" only where that speaker's segments overlap, since ELAN tiers
 * cannot), and a `sentiment` tier whose annotations hold the analyst's score and share the time
 * slots of the utterance they score. With every annotator, a `sentiment:NAME` tier each (TIER
 * ANNOTATOR = the name); with the model's scores, `model:fused`, `model:fused 80%`, …,
 * `model:confidence` tiers of the type attune-model and the version in a header property
 * (tiers.ts). Annotation ids carry the segment id ("seg_<id>") when it is
 * a valid XML id, so a read-back keeps ids.
 */
export const EAF_UTTERANCE_TYPE = 'attune-utterance';
export const EAF_NO_SPEAKER_TIER = '(no speaker)';
export const EAF_PROP_RECORDING_ID = 'attune:recordingId';
export const EAF_PROP_RECORDING_NAME = 'attune:recordingName';
export const EAF_PROP_MODEL_VERSION = 'attune:modelVersion';
/** The model's tiers: neither utterances nor labels, so a read-back passes over them. */
export const EAF_MODEL_TYPE = 'attune-model';

const NCNAME_TAIL = /^[A-Za-z0-9._-]+$/;

export function exportEaf(data: ExportData, options?: ExportOptions): string {
  const { recording, segments } = singleTimeline('EAF', data, options);
  const slotOf = new Map<LabelledSegment, [string, string]>();
  const edges = segments.flatMap((s) => [
    { s, edge: 0, ms: s.startMs },
    { s, edge: 1, ms: s.endMs },
  ]);
  edges.sort((a, b) => a.ms - b.ms || a.edge - b.edge);
  const slotLines: string[] = [];
  edges.forEach((e, i) => {
    const id = `ts${i + 1}`;
    slotLines.push(`        <TIME_SLOT TIME_SLOT_ID="${id}" TIME_VALUE="${e.ms}"/>`);
    const pair = slotOf.get(e.s) ?? ['', ''];
    pair[e.edge] = id;
    slotOf.set(e.s, pair);
  });

  const used = new Set<string>();
  const annIds = new Set<string>();
  let n = 0;
  const annId = (prefix: string, segId: string) => {
    n++;
    let id = NCNAME_TAIL.test(segId) ? `${prefix}_${segId}` : `${prefix}${n}`;
    while (annIds.has(id)) id = `${prefix}${++n}`;
    annIds.add(id);
    return id;
  };
  const uniqueTier = (want: string) => {
    let id = want;
    for (let k = 2; used.has(id); k++) id = `${want} (${k})`;
    used.add(id);
    return id;
  };
  const annotation = (id: string, s: LabelledSegment, value: string) => {
    const [r1, r2] = slotOf.get(s)!;
    return `        <ANNOTATION>\n            <ALIGNABLE_ANNOTATION ANNOTATION_ID="${id}" TIME_SLOT_REF1="${r1}" TIME_SLOT_REF2="${r2}">\n                <ANNOTATION_VALUE>${xmlEscape(value)}</ANNOTATION_VALUE>\n            </ALIGNABLE_ANNOTATION>\n        </ANNOTATION>`;
  };

  const labelled = segments.filter((s) => s.label);
  const sentimentTiers = assignLanes(labelled).map((lane, i) => ({ id: uniqueTier(i === 0 ? 'sentiment' : `sentiment #${i + 1}`), lane }));
  const speakers = [...new Set(segments.map((s) => s.speaker))];
  const tiers: string[] = [];
  for (const sp of speakers) {
    const lanes = assignLanes(segments.filter((s) => s.speaker === sp));
    lanes.forEach((lane, i) => {
      const base = sp ?? EAF_NO_SPEAKER_TIER;
      const tierId = uniqueTier(i === 0 ? base : `${base} #${i + 1}`);
      const participant = sp === null ? '' : ` PARTICIPANT="${xmlEscape(sp)}"`;
      const anns = lane.map((s) => annotation(annId('seg', s.id), s, s.text));
      tiers.push(`    <TIER LINGUISTIC_TYPE_REF="${EAF_UTTERANCE_TYPE}"${participant} TIER_ID="${xmlEscape(tierId)}">\n${anns.join('\n')}\n    </TIER>`);
    });
  }
  for (const t of sentimentTiers) {
    const anns = t.lane.map((s) => annotation(annId('sent', s.id), s, formatScore(s.label!.score)));
    tiers.push(`    <TIER LINGUISTIC_TYPE_REF="${EAF_SENTIMENT_TYPE}" TIER_ID="${xmlEscape(t.id)}">\n${anns.join('\n')}\n    </TIER>`);
  }
  for (const t of annotatorTiers(data, segments)) {
    const anns = t.items.map(({ s, text }) => annotation(annId('ann', s.id), s, text));
    tiers.push(`    <TIER ANNOTATOR="${xmlEscape(t.annotator!)}" LINGUISTIC_TYPE_REF="${EAF_SENTIMENT_TYPE}" TIER_ID="${xmlEscape(uniqueTier(t.name))}">\n${anns.join('\n')}\n    </TIER>`);
  }
  const model = modelTiers(data, segments);
  for (const t of model) {
    const anns = t.items.map(({ s, text }) => annotation(annId('mod', s.id), s, text));
    tiers.push(`    <TIER LINGUISTIC_TYPE_REF="${EAF_MODEL_TYPE}" TIER_ID="${xmlEscape(uniqueTier(t.name))}">\n${anns.join('\n')}\n    </TIER>`);
  }
  if (tiers.length === 0) tiers.push(`    <TIER LINGUISTIC_TYPE_REF="${EAF_UTTERANCE_TYPE}" TIER_ID="${EAF_NO_SPEAKER_TIER}"/>`);

  const media = recording
    ? `        <MEDIA_DESCRIPTOR MEDIA_URL="${xmlEscape(pathToFileURL(path.resolve(recording.mediaPath)).href)}" MIME_TYPE="${mimeTypeOf(recording.mediaPath)}" RELATIVE_MEDIA_URL="./${xmlEscape(encodeURIComponent(path.basename(recording.mediaPath)))}"/>\n`
    : '';
  const props = [
    `        <PROPERTY NAME="lastUsedAnnotationId">${n}</PROPERTY>`,
    ...(recording
      ? [`        <PROPERTY NAME="${EAF_PROP_RECORDING_ID}">${xmlEscape(recording.id)}</PROPERTY>`, `        <PROPERTY NAME="${EAF_PROP_RECORDING_NAME}">${xmlEscape(recording.name)}</PROPERTY>`]
      : []),
    ...(data.predictions ? [`        <PROPERTY NAME="${EAF_PROP_MODEL_VERSION}">${xmlEscape(modelVersions(data, segments).join(' '))}</PROPERTY>`] : []),
  ];
  const date = data.exportedAt ?? new Date().toISOString();
  return `<?xml version="1.0" encoding="UTF-8"?>
<ANNOTATION_DOCUMENT AUTHOR="Attune" DATE="${xmlEscape(date)}" FORMAT="3.0" VERSION="3.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="http://www.mpi.nl/tools/elan/EAFv3.0.xsd">
    <HEADER MEDIA_FILE="" TIME_UNITS="milliseconds">
${media}${props.join('\n')}
    </HEADER>
    <TIME_ORDER>
${slotLines.join('\n')}
    </TIME_ORDER>
${tiers.join('\n')}
    <LINGUISTIC_TYPE GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="${EAF_UTTERANCE_TYPE}" TIME_ALIGNABLE="true"/>
    <LINGUISTIC_TYPE GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="${EAF_SENTIMENT_TYPE}" TIME_ALIGNABLE="true"/>
${model.length ? `    <LINGUISTIC_TYPE GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="${EAF_MODEL_TYPE}" TIME_ALIGNABLE="true"/>\n` : ''}    <CONSTRAINT DESCRIPTION="Time subdivision of parent annotation's time interval, no time gaps allowed within this interval" STEREOTYPE="Time_Subdivision"/>
    <CONSTRAINT DESCRIPTION="Symbolic subdivision of a parent annotation. Annotations refering to the same parent are ordered" STEREOTYPE="Symbolic_Subdivision"/>
    <CONSTRAINT DESCRIPTION="1-1 association with a parent annotation" STEREOTYPE="Symbolic_Association"/>
    <CONSTRAINT DESCRIPTION="Time alignable annotations within the parent annotation's time interval, gaps are allowed" STEREOTYPE="Included_In"/>
</ANNOTATION_DOCUMENT>
`;
}
