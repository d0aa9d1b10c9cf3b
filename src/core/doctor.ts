/**
 * `attune doctor`: what this machine runs Attune with — ffmpeg/ffprobe (path, version, where from), the
 * Electron binary, ONNX Runtime's providers, GPU device nodes, the model pack and its hashes — and for
 * everything missing, the fix. Never throws: every part reports its own failure.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { toolReport, type ToolCheck, type ToolName } from './media/ffmpeg-path';
import { defaultPackDir, forgetVerifiedPacks, loadPack } from './models/pack';

const require = createRequire(import.meta.url);

export interface Missing {
  what: string;
  /** Attune cannot import or analyse without it (doctor exits 1); otherwise it works with less. */
  required: boolean;
  fix: string;
}

export interface ToolStatus {
  ok: boolean;
  path: string | null;
  version: string | null;
  /** env (FFMPEG_PATH / FFPROBE_PATH), bundled (came with the install), system (PATH). */
  source: ToolCheck['source'] | null;
  package: ToolCheck['package'] | null;
  /** Candidates passed over, with what each lacks. */
  skipped: { path: string; source: ToolCheck['source']; version: string | null; missing: string[] }[];
  /** Usable candidates after the chosen one (e.g. a system ffmpeg behind the bundled one): FFMPEG_PATH picks one. */
  alternatives: { path: string; source: ToolCheck['source']; version: string | null }[];
  error: string | null;
}

export interface ProviderStatus {
  name: string;
  /** ONNX Runtime's own word: its libraries ship in onnxruntime-node. */
  bundled: boolean;
  /** A session on the model pack's smallest model started with this provider alone. */
  works: boolean | null;
  reason: string | null;
}

export interface DoctorReport {
  ok: boolean;
  platform: string;
  node: string;
  ffmpeg: ToolStatus;
  ffprobe: ToolStatus;
  electron: { ok: boolean; path: string | null; version: string | null };
  onnxruntime: { version: string | null; providers: ProviderStatus[]; error: string | null };
  gpu: { devices: string[]; note: string | null };
  modelPack: { ok: boolean; dir: string; files: number; error: string | null; selfmi: { ok: boolean; file: string; error: string | null } };
  missing: Missing[];
}

function toolStatus(tool: ToolName): ToolStatus {
  const r = toolReport(tool, { all: true });
  const c = r.chosen;
  return {
    ok: Boolean(c),
    path: c?.path ?? null,
    version: c?.version ?? null,
    source: c?.source ?? null,
    package: c?.package ?? null,
    skipped: r.candidates.filter((x) => x !== c && x.missing.length > 0).map((x) => ({ path: x.path, source: x.source, version: x.version, missing: x.missing })),
    alternatives: r.candidates.filter((x) => x !== c && x.missing.length === 0).map((x) => ({ path: x.path, source: x.source, version: x.version })),
    error: r.error,
  };
}

function electronStatus(): DoctorReport['electron'] {
  try {
    const pkg = require.resolve('electron/package.json');
    const dir = path.dirname(pkg);
    const version = (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version?: string }).version ?? null;
    const pathTxt = path.join(dir, 'path.txt');
    const exe = fs.existsSync(pathTxt) ? path.join(dir, 'dist', fs.readFileSync(pathTxt, 'utf8').trim()) : null;
    return { ok: Boolean(exe && fs.existsSync(exe)), path: exe && fs.existsSync(exe) ? exe : null, version };
  } catch {
    return { ok: false, path: null, version: null };
  }
}

export function gpuDevices(): string[] {
  if (process.platform !== 'linux') return [];
  const out: string[] = [];
  try {
    for (const f of fs.readdirSync('/dev').sort()) if (/^nvidia(\d+|ctl|-uvm)$/.test(f)) out.push(`/dev/${f}`);
  } catch {
    // no /dev to read
  }
  try {
    for (const f of fs.readdirSync('/dev/dri').sort()) if (/^(card|renderD)\d+$/.test(f)) out.push(`/dev/dri/${f}`);
  } catch {
    // no DRM devices
  }
  return out;
}

function cudaLibraryPresent(): boolean {
  try {
    const bin = path.join(path.dirname(require.resolve('onnxruntime-node')), '..', 'bin', 'napi-v6', process.platform, process.arch);
    const name = process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
    return fs.existsSync(path.join(bin, name));
  } catch {
    return false;
  }
}

async function onnxStatus(probeModel: string | null, devices: string[]): Promise<DoctorReport['onnxruntime']> {
  let version: string | null = null;
  try {
    version = (JSON.parse(fs.readFileSync(require.resolve('onnxruntime-node/package.json'), 'utf8')) as { version?: string }).version ?? null;
    const { ort } = await import('./models/runtime');
    const listed = (ort as unknown as { listSupportedBackends?: () => { name: string; bundled: boolean }[] }).listSupportedBackends?.() ?? [{ name: 'cpu', bundled: true }];
    const nvidia = devices.some((d) => d.startsWith('/dev/nvidia'));
    const providers: ProviderStatus[] = [];
    for (const { name, bundled } of listed) {
      let reason: string | null = null;
      if (name === 'tensorrt') reason = 'not used by Attune';
      else if (process.platform === 'linux' && name === 'cuda' && !nvidia) reason = 'no NVIDIA GPU device (/dev/nvidia*)';
      else if (process.platform === 'linux' && name === 'webgpu' && devices.length === 0) reason = 'no GPU device (/dev/dri, /dev/nvidia*)';
      else if (name === 'cuda' && !cudaLibraryPresent()) reason = "onnxruntime-node's CUDA provider library is not installed";
      if (reason || !probeModel) {
        providers.push({ name, bundled, works: reason ? false : null, reason });
        continue;
      }
      try {
        const s = await ort.InferenceSession.create(probeModel, { executionProviders: [name] });
        await s.release();
        providers.push({ name, bundled, works: true, reason: null });
      } catch (err) {
        providers.push({ name, bundled, works: false, reason: (err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 200) });
      }
    }
    return { version, providers, error: null };
  } catch (err) {
    return { version, providers: [], error: err instanceof Error ? err.message : String(err) };
  }
}

async function packStatus(): Promise<DoctorReport['modelPack']> {
  const dir = defaultPackDir();
  const selfmiDir = path.join(dir, 'selfmi');
  const selfmi = { ok: false, file: path.join(selfmiDir, 'manifest.json'), error: null as string | null };
  try {
    const m = JSON.parse(fs.readFileSync(selfmi.file, 'utf8')) as { onnx?: { file?: string; sha256?: string } };
    const onnx = m.onnx?.file ? path.join(selfmiDir, m.onnx.file) : null;
    if (!onnx || !m.onnx?.sha256) selfmi.error = 'manifest.json names no onnx file and hash';
    else if (!fs.existsSync(onnx)) selfmi.error = `${onnx} is missing`;
    else if (createHash('sha256').update(fs.readFileSync(onnx)).digest('hex') !== m.onnx.sha256) selfmi.error = `${onnx} does not match the sha256 in its manifest`;
    else selfmi.ok = true;
  } catch (err) {
    selfmi.error = err instanceof Error ? err.message : String(err);
  }
  try {
    forgetVerifiedPacks(); // hash now, whatever an earlier load in this process saw
    const pack = await loadPack(dir);
    return { ok: selfmi.ok, dir, files: Object.keys(pack.manifest.files).length, error: null, selfmi };
  } catch (err) {
    return { ok: false, dir, files: 0, error: err instanceof Error ? err.message : String(err), selfmi };
  }
}

export async function runDoctor(): Promise<DoctorReport> {
  const ffmpeg = toolStatus('ffmpeg');
  const ffprobe = toolStatus('ffprobe');
  const electron = electronStatus();
  const devices = gpuDevices();
  const modelPack = await packStatus();
  let probeModel: string | null = null;
  if (!modelPack.error) {
    try {
      probeModel = (await loadPack(modelPack.dir)).file('silero-vad');
    } catch {
      probeModel = null;
    }
  }
  const onnxruntime = await onnxStatus(probeModel, devices);

  const missing: Missing[] = [];
  for (const [tool, st] of [['ffmpeg', ffmpeg], ['ffprobe', ffprobe]] as const) {
    if (!st.ok) missing.push({ what: tool, required: true, fix: st.error ?? `install ${tool}` });
  }
  if (modelPack.error) missing.push({ what: 'model pack', required: true, fix: `${modelPack.error} (git checkout -- models/default, or set ATTUNE_MODELS to a pack folder)` });
  if (!modelPack.selfmi.ok) missing.push({ what: 'shipped sentiment model', required: true, fix: `${modelPack.selfmi.error} (git checkout -- models/default/selfmi)` });
  if (onnxruntime.error) missing.push({ what: 'ONNX Runtime', required: true, fix: `onnxruntime-node does not load (${onnxruntime.error}); run 'npm ci'` });
  else if (onnxruntime.providers.some((p) => p.name === 'cpu' && p.works === false)) missing.push({ what: 'ONNX Runtime CPU provider', required: true, fix: "the CPU provider does not start; run 'npm ci'" });
  if (!electron.ok) {
    missing.push({
      what: 'Electron binary',
      required: false,
      fix: "'npm start' downloads it once where the network allows (node node_modules/electron/install.js); without it the workbench opens in the browser ('attune serve')",
    });
  }
  const gpuProvider = onnxruntime.providers.find((p) => (p.name === 'cuda' || p.name === 'webgpu') && p.works !== false);
  if (!gpuProvider && !onnxruntime.error) {
    const cuda = onnxruntime.providers.find((p) => p.name === 'cuda');
    missing.push({
      what: 'GPU inference',
      required: false,
      fix:
        devices.length === 0 && process.platform === 'linux'
          ? 'no GPU device on this machine: inference runs on the CPU (fine for a meeting at a time)'
          : `inference runs on the CPU${cuda?.reason ? ` (CUDA: ${cuda.reason}: reinstall onnxruntime-node with ONNXRUNTIME_NODE_INSTALL_CUDA=v12 and install an NVIDIA driver)` : ''}`,
    });
  }
  return {
    ok: !missing.some((m) => m.required),
    platform: `${process.platform}-${process.arch}`,
    node: process.version,
    ffmpeg,
    ffprobe,
    electron,
    onnxruntime,
    gpu: { devices, note: process.platform === 'linux' ? null : 'device nodes are a Linux notion; WebGPU uses Metal/D3D12 here' },
    modelPack,
    missing,
  };
}

/** The report as the lines `attune doctor` prints. */
export function formatDoctor(r: DoctorReport): string {
  const lines: string[] = [`Attune doctor — ${r.platform}, Node ${r.node}`];
  for (const [tool, st] of [['ffmpeg', r.ffmpeg], ['ffprobe', r.ffprobe]] as const) {
    if (st.ok) {
      const from = st.source === 'bundled' ? `bundled with the install (${st.package?.name} ${st.package?.version})` : st.source === 'env' ? `from ${tool === 'ffmpeg' ? 'FFMPEG_PATH' : 'FFPROBE_PATH'}` : 'system (PATH)';
      lines.push(`  ${tool.padEnd(12)} ok  ${st.version} — ${from}: ${st.path}`);
    } else lines.push(`  ${tool.padEnd(12)} MISSING`);
    for (const s of st.skipped) lines.push(`  ${''.padEnd(12)}     passed over ${s.source} ${s.path} (${s.version ?? 'no version'}): lacks ${s.missing.join(', ')}`);
    for (const a of st.alternatives) lines.push(`  ${''.padEnd(12)}     also usable: ${a.source} ${a.path} (${a.version})`);
  }
  lines.push(`  ${'electron'.padEnd(12)} ${r.electron.ok ? `ok  ${r.electron.version} — ${r.electron.path}` : `not installed (package ${r.electron.version ?? 'missing'})`}`);
  const prov = r.onnxruntime.providers.map((p) => `${p.name} ${p.works === true ? 'works' : p.works === false ? `no (${p.reason})` : 'not probed'}`).join('; ');
  lines.push(`  ${'onnxruntime'.padEnd(12)} ${r.onnxruntime.error ? `FAILS: ${r.onnxruntime.error}` : `${r.onnxruntime.version}: ${prov}`}`);
  lines.push(`  ${'gpu devices'.padEnd(12)} ${r.gpu.devices.length ? r.gpu.devices.join(' ') : r.gpu.note ?? 'none'}`);
  lines.push(
    `  ${'model pack'.padEnd(12)} ${r.modelPack.error ? `FAILS: ${r.modelPack.error}` : `ok  ${r.modelPack.files} files, hashes match — ${r.modelPack.dir}`}`,
    `  ${'sentiment'.padEnd(12)} ${r.modelPack.selfmi.ok ? 'ok  model.onnx hash matches' : `FAILS: ${r.modelPack.selfmi.error}`}`,
  );
  if (r.missing.length) {
    lines.push('', r.ok ? 'Works; optional parts missing:' : 'Missing:');
    for (const m of r.missing) lines.push(`  - ${m.what}${m.required ? ' (required)' : ''}: ${m.fix}`);
  } else lines.push('', 'Everything Attune uses is in place.');
  return lines.join('\n');
}
