/**
 * npm run bench:hostile — the hostile-input corpus, one line per case: outcome, area, case, exit
 * status, time, and the message the user sees (or what went wrong). Exit 1 if any case fails.
 */
import { runCorpus } from './hostile-run';

const only = process.argv[2];
let n = 0;
const outcomes = await runCorpus(
  (o) => {
    n++;
    const verdict = o.problems.length ? 'FAIL' : 'ok  ';
    const what = o.problems.length ? `${o.problems.join('; ')} — ${o.message}` : o.message;
    console.log(`${verdict} ${String(n).padStart(3)} ${o.c.area.padEnd(10)} ${o.c.name.padEnd(48)} rc=${o.rc} ${String(Math.round(o.ms)).padStart(5)} ms  ${what.replace(/\s+/g, ' ').slice(0, 160)}`);
  },
  only ? (c) => c.area === only : undefined,
);
const failed = outcomes.filter((o) => o.problems.length);
const areas = [...new Set(outcomes.map((o) => o.c.area))].map((a) => `${a} ${outcomes.filter((o) => o.c.area === a).length}`).join(', ');
console.log(`bench:hostile: ${outcomes.length} cases (${areas}); ${outcomes.length - failed.length} ok, ${failed.length} failed`);
process.exitCode = failed.length ? 1 : 0;
