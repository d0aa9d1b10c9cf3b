/**
 * The default switches of few-label tuning, for the CLI, the job and the Tune view alike.
 * ULGM is off by default: bench:adapt (selfmi README) measured it raising held-out MAE in 37 of 40
 * paired cells (new speakers, new domain, new faces, a two-modality synthetic control) because its
 * generated unimodal labels are computed against a fused representation trained on text only.
 * InfoNCE stays on (it never hurt). `--ulgm` / the Tune view's switch turn ULGM back on.
 */
export const TUNE_DEFAULTS = { ulgm: false, cpc: true } as const;
