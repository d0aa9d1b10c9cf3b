/** Warms the feature cache (text embeddings of MOSI + VADER, RAVDESS voice features) ahead of training. */
import { embedCached, readMosi, readRavdess, readVader } from './datasets';

const t0 = performance.now();
const v = await readRavdess();
console.log(`RAVDESS: ${v.length} clips, ${v[0].audio.length} voice features (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
for (const split of ['train', 'dev'] as const) await embedCached(readMosi(split), `mosi-${split}`);
await embedCached(readVader(), 'vader');
console.log(`done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
