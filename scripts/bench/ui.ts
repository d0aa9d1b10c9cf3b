/**
 * `npm run bench:ui`: the Review view on a 2-hour recording with 2,000 segments and predictions.
 * Builds the recording with ffmpeg (cached in .bench/ui), imports it through the core service,
 * seeds one model version with predictions, serves it with `attune serve`, and drives Debian
 * Chromium through Playwright: zoom in to word level, scroll, zoom out, play. Prints p50/p95/max
 * of the frame times (requestAnimationFrame deltas) and the time to interactive.
 */
import { chromium, type Browser } from '@playwright/test';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createService } from '../../src/core/service';
import { writePredictions } from '../../src/core/store/predictions';
import { activateModelVersion, insertModelVersion } from '../../src/core/store/model-versions';
import { CHROMIUM_ARGS } from '../../playwright.config';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CACHE = path.join(ROOT, '.bench', 'ui');
const DURATION_S = 7200;
const SEGMENTS = 2000;

function clock(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`;
}

/** A small 2-hour video (a moving test pattern) with speech-like amplitude bursts, and its VTT. */
function makeRecording(): { media: string; vtt: string } {
  fs.mkdirSync(CACHE, { recursive: true });
  const media = path.join(CACHE, 'two-hours.mp4');
  const vtt = path.join(CACHE, 'two-hours.vtt');
  if (!fs.existsSync(media)) {
    process.stderr.write('bench:ui: generating a 2-hour recording (once, cached in .bench/ui)…\n');
    // Tone bursts gated at ~0.28 Hz with a slow swell, so the waveform has visible utterances.
    const audio = `sine=f=180:r=16000:d=${DURATION_S},volume='0.2+0.6*gt(sin(2*PI*t*0.28),0)*(0.5+0.5*sin(2*PI*t/97))':eval=frame`;
    execFileSync('ffmpeg', ['-y', '-v', 'error', '-f', 'lavfi', '-i', `testsrc2=s=320x180:r=5:d=${DURATION_S}`, '-f', 'lavfi', '-i', audio,
      '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '35', '-g', '50', '-c:a', 'aac', '-b:a', '32k', '-movflags', '+faststart', '-shortest', media], { stdio: 'inherit' });
  }
  const step = (DURATION_S * 1000) / SEGMENTS;
  const cues = Array.from({ length: SEGMENTS }, (_, i) => {
    const start = Math.round(i * step + 150);
    const end = Math.round((i + 1) * step - 200);
    return `${i + 1}\n${clock(start)} --> ${clock(end)}\n<v ${['Ada', 'Ben', 'Cleo'][i % 3]}>Utterance ${i + 1}: we talked about the plan for quarter ${(i % 4) + 1} and what comes next.</v>\n`;
  });
  fs.writeFileSync(vtt, `WEBVTT\n\n${cues.join('\n')}`);
  return { media, vtt };
}

async function seedProject(dir: string, media: string, vtt: string): Promise<number> {
  const svc = createService(dir);
  const { segments } = await svc.api.importRecording({ mediaPath: media, transcriptPath: vtt });
  const segs = await svc.api.listSegments({});
  // Deterministic pseudo-random scores: the bench measures drawing, not the model.
  let seed = 42;
  const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * 6 - 3;
  insertModelVersion(svc.db, { id: 'bench-v1', parent: null, source: 'bench', dir: '', config_json: JSON.stringify({ untrainedHeads: ['video'] }), metrics_json: '{}', data_summary_json: '{}' });
  writePredictions(svc.db, 'bench-v1', segs.map((s) => ({ segmentId: s.id, text: rnd(), audio: rnd(), video: rnd(), fused: rnd(), confidence: (rnd() + 3) / 6 })));
  activateModelVersion(svc.db, 'bench-v1');
  await svc.close();
  return segments;
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const { media, vtt } = makeRecording();
  // The machine may be shared: the load says how far the frame figures are the app's own.
  const loadBefore = os.loadavg()[0];
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-bench-ui-'));
  const segments = await seedProject(project, media, vtt);
  if (!fs.existsSync(path.join(ROOT, 'out', 'renderer', 'index.html'))) execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: ROOT, stdio: 'inherit' });

  const serve = spawn(process.execPath, [path.join(ROOT, 'bin', 'attune.mjs'), 'serve', '--project', project, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let browser: Browser | null = null;
  try {
    const url = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: serve.stdout! }).once('line', (l) => resolve(l.trim()));
      serve.once('exit', (code) => reject(new Error(`attune serve exited (${code}) before printing its URL`)));
    });
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.goto(url);
    await page.waitForSelector('html[data-ready="true"]', { timeout: 120_000 });
    await page.waitForFunction(`document.querySelectorAll('[data-testid="segment-row"]').length === ${segments}`);
    // Time to interactive: navigation start to the first painted frame with the whole view loaded.
    const tti = (await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now()))))')) as number;

    // Page scripts go in as strings: tsx's name-keeping helpers do not exist inside the page.
    await page.evaluate(`(() => {
      window.__frames = [];
      window.__attuneDrawMs = [];
      let last = performance.now();
      const tick = (t) => {
        window.__frames.push(t - last);
        last = t;
        if (window.__recording) requestAnimationFrame(tick);
      };
      window.__recording = true;
      requestAnimationFrame(tick);
    })()`);
    const canvas = page.locator('.timeline-canvas canvas.overlay');
    const box = (await canvas.boundingBox())!;
    await page.getByTestId('zoom-fit').click();
    await page.mouse.move(box.x + box.width / 2, box.y + 60);
    await page.keyboard.down('Control');
    for (let i = 0; i < 60; i++) await page.mouse.wheel(0, -120); // zoom in to word level
    await page.keyboard.up('Control');
    const wordLevel = Number(await page.getByTestId('timeline').getAttribute('data-ms-per-px'));
    for (let i = 0; i < 150; i++) await page.mouse.wheel(0, 400); // scroll
    await page.keyboard.down('Control');
    for (let i = 0; i < 60; i++) await page.mouse.wheel(0, 120); // zoom out to the whole recording
    await page.keyboard.up('Control');
    for (let i = 0; i < 60; i++) await page.mouse.wheel(0, -300); // scroll back while zoomed out
    await page.evaluate(`(() => { const v = document.querySelector('video'); v.muted = true; return v.play(); })()`);
    await page.waitForTimeout(3000); // playback: playhead, follow, transcript highlight
    const frames = (await page.evaluate('(() => { window.__recording = false; return window.__frames.slice(1); })()')) as number[];
    const draws = ((await page.evaluate('window.__attuneDrawMs')) as number[]).sort((a, b) => a - b);
    const sorted = [...frames].sort((a, b) => a - b);
    const out = {
      machine: `${os.cpus().length} CPU cores (${os.cpus()[0]?.model.trim()}), headless Debian Chromium, --disable-gpu`,
      recording: `${DURATION_S / 3600} h, ${segments} segments with predictions`,
      frames: frames.length,
      frameMs: { p50: +pct(sorted, 50).toFixed(1), p95: +pct(sorted, 95).toFixed(1), max: +sorted[sorted.length - 1].toFixed(1) },
      longFrames: frames.filter((f) => f > 16.7 * 1.5).length,
      timelineRedrawMs: { count: draws.length, p50: +pct(draws, 50).toFixed(2), p95: +pct(draws, 95).toFixed(2), max: +draws[draws.length - 1].toFixed(2) },
      timeToInteractiveMs: Math.round(tti),
      wordLevelMsPerPx: wordLevel,
      loadAverage1m: { before: +loadBefore.toFixed(2), after: +os.loadavg()[0].toFixed(2) },
      goal: 'timeline draw p95 <= 8 ms, frame p95 <= 16.7 ms (issue 18, on a 2-core Xeon)',
    };
    console.log(JSON.stringify(out, null, 2));
  } finally {
    await browser?.close();
    serve.kill('SIGTERM');
    fs.rmSync(project, { recursive: true, force: true });
  }
}

await main();
