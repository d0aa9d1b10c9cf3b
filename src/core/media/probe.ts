import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../../shared/errors';
import { resolveTool } from './ffmpeg-path';
import { isMediaExtension, MEDIA_EXTENSIONS } from '../../shared/file-types';

const run = promisify(execFile);

export interface MediaInfo {
  path: string;
  durationMs: number;
  startOffsetMs: number;
  formatName: string;
  hasVideo: boolean;
  hasAudio: boolean;
  width: number | null;
  height: number | null;
  /** Display rotation in degrees from the stream's side data (0, 90, 180, 270). */
  rotation: number;
  audioSampleRate: number | null;
  videoCodec: string | null;
  audioCodec: string | null;
}

const StreamSchema = z.object({
  codec_type: z.string().optional(),
  codec_name: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  sample_rate: z.string().optional(),
  duration: z.string().optional(),
  disposition: z.object({ attached_pic: z.number().optional() }).partial().optional(),
  side_data_list: z.array(z.object({ rotation: z.number().optional() }).passthrough()).optional(),
  tags: z.record(z.string(), z.string()).optional(),
});
const ProbeSchema = z.object({
  streams: z.array(StreamSchema).default([]),
  format: z.object({ format_name: z.string(), duration: z.string().optional(), start_time: z.string().optional() }),
});

/** Probes a media file with ffprobe. Never runs a shell: the path is passed as one argv entry. */
export async function probeMedia(file: string): Promise<MediaInfo> {
  const ext = path.extname(file).toLowerCase();
  if (!isMediaExtension(ext)) {
    throw new InputError(file, `unsupported media type '${ext || '(none)'}'; supported: ${MEDIA_EXTENSIONS.join(', ')}`);
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new InputError(file, 'media file not found');
  }
  if (!stat.isFile()) throw new InputError(file, 'not a regular file');
  if (stat.size === 0) throw new InputError(file, 'media file is empty');
  const ffprobe = resolveTool('ffprobe');
  let stdout: string;
  try {
    ({ stdout } = await run(ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '--', file], {
      maxBuffer: 16 * 1024 * 1024,
    }));
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim().split('\n').pop() ?? '';
    throw new InputError(file, `not a readable media file (ffprobe: ${stderr.replace(file, path.basename(file)) || 'failed'})`);
  }
  let parsed: z.infer<typeof ProbeSchema>;
  try {
    parsed = ProbeSchema.parse(JSON.parse(stdout));
  } catch {
    throw new InputError(file, 'ffprobe returned no usable format information');
  }
  const video = parsed.streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const audio = parsed.streams.find((s) => s.codec_type === 'audio');
  if (!video && !audio) throw new InputError(file, 'no audio or video stream found');
  const durationS = Number(parsed.format.duration ?? video?.duration ?? audio?.duration ?? NaN);
  if (!Number.isFinite(durationS) || durationS <= 0) throw new InputError(file, 'media has no duration (truncated or not a media file?)');
  const rotationRaw = video?.side_data_list?.find((d) => typeof d.rotation === 'number')?.rotation ?? Number(video?.tags?.rotate ?? 0);
  const rotation = ((Math.round(rotationRaw / 90) * 90) % 360 + 360) % 360;
  let width = video?.width ?? null;
  let height = video?.height ?? null;
  if (rotation === 90 || rotation === 270) [width, height] = [height, width];
  return {
    path: file,
    durationMs: Math.round(durationS * 1000),
    startOffsetMs: Math.round(Number(parsed.format.start_time ?? 0) * 1000) || 0,
    formatName: parsed.format.format_name,
    hasVideo: Boolean(video),
    hasAudio: Boolean(audio),
    width,
    height,
    rotation,
    audioSampleRate: audio?.sample_rate ? Number(audio.sample_rate) : null,
    videoCodec: video?.codec_name ?? null,
    audioCodec: audio?.codec_name ?? null,
  };
}
