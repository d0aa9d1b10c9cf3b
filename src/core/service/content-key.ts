/**
 * What makes two imports the same recording: sha256 over the media's bytes, the transcript's and the
 * speaker map's canonical form (a corrected transcript or map is new work). Every import stores it
 * (store/batch.ts), `attune import` as much as `attune batch`, so a batch never imports twice what is
 * in the project already.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { realRegularFile } from '../store/input-path';

async function hashFile(h: ReturnType<typeof createHash>, file: string): Promise<void> {
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
}

export async function contentHash(media: string, transcript: string | null, speakerMap: string | null = null): Promise<string> {
  const h = createHash('sha256');
  h.update('media\0');
  await hashFile(h, realRegularFile(media, 'media file'));
  h.update('\0transcript\0');
  if (transcript) await hashFile(h, realRegularFile(transcript, 'transcript file'));
  // Without a map the key is what it was before maps existed (keys stored by earlier batches hold).
  if (speakerMap) h.update(`\0speakers\0${speakerMap}`);
  return h.digest('hex');
}
