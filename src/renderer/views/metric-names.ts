/**
 * Metric keys as an analyst reads them (issue 18, feature 11): `heldOut.mosiDev.fused.acc5` becomes
 * "held out · MOSI dev · fused · Acc-5". The raw key stays available as the cell's tooltip.
 */
const WORDS: Record<string, string> = {
  mae: 'MAE',
  corr: 'Corr',
  acc7: 'Acc-7',
  acc5: 'Acc-5',
  acc2: 'Acc-2',
  has0_acc2: 'Acc-2 (with 0)',
  non0_acc2: 'Acc-2 (without 0)',
  acc2_has0: 'Acc-2 (with 0)',
  acc2_non0: 'Acc-2 (without 0)',
  has0_f1: 'F1 (with 0)',
  non0_f1: 'F1 (without 0)',
  f1_has0: 'F1 (with 0)',
  f1_non0: 'F1 (without 0)',
  coverage80: '80 % interval coverage',
  width80: '80 % interval width',
  n: 'n',
  heldOut: 'held out',
  mosiDev: 'MOSI dev',
  mosiTrain: 'MOSI train',
  meldDev: 'MELD dev',
  meldTrain: 'MELD train',
  vader: 'VADER',
  ravdessTrain: 'RAVDESS train',
  ravdessCalibration: 'RAVDESS calibration',
  audio: 'voice',
  video: 'face',
  labelled: 'labels',
  unlabelled: 'unlabelled segments',
  train_mae: 'MAE on the training labels',
  better: 'better (1 = yes)',
  ulgm: 'ULGM',
  textPath: 'text path',
  voicePath: 'voice path',
  facePath: 'face path',
};

/** before_mae → "MAE before" (the k-fold estimate of the starting version), after_corr → "Corr after". */
const PHASE = /^(before|after)_(.+)$/;

function words(part: string): string {
  if (WORDS[part]) return WORDS[part];
  const phase = PHASE.exec(part);
  if (phase) return `${words(phase[2])} ${phase[1]}`;
  // camelCase and snake_case to words.
  return part
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

export function metricName(key: string): string {
  if (WORDS[key]) return WORDS[key];
  return key.split('.').map(words).join(' · ');
}

/** What a metric means, for the tooltip (with its key, as the CLI prints it). */
export function metricTitle(key: string): string {
  const last = key.split('.').pop() ?? key;
  const base = PHASE.exec(last)?.[2] ?? last;
  const what: Record<string, string> = {
    mae: 'mean absolute error on the −3…+3 scale (lower is better)',
    corr: 'Pearson correlation with the labels (higher is better)',
    acc7: 'share with the label rounded to the same of 7 classes −3…+3',
    acc5: 'share in the same of 5 classes (scores clipped to −2…+2)',
    acc2: 'share with the right sign',
    has0_acc2: 'sign right, 0 counted as positive',
    non0_acc2: 'sign right, segments labelled 0 left out',
    has0_f1: 'weighted F1 of the sign, 0 counted as positive',
    non0_f1: 'weighted F1 of the sign, segments labelled 0 left out',
    coverage80: 'share of labels inside the 80 % interval (0.8 is calibrated)',
    n: 'how many items were scored',
  };
  const phase = PHASE.exec(last)?.[1];
  const when = phase === 'before' ? ' — k-fold estimate of the version tuning started from' : phase === 'after' ? ' — k-fold estimate of the tuned version' : '';
  return `${what[base] ? `${what[base]}${when}. ` : when ? `${when.slice(3)}. ` : ''}Key: ${key}`;
}
