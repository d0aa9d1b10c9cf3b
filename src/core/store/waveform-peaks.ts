/** The waveform_peaks table: a recording's audio peaks per resolution, computed once (media/peaks). */
import type { Db } from './db';

export function getWaveformPeaks(db: Db, recordingId: string, peaksPerSecond: number): Float32Array | null {
  const row = db.prepare('SELECT data FROM waveform_peaks WHERE recording_id = ? AND peaks_per_second = ?').get(recordingId, peaksPerSecond) as { data: Buffer } | undefined;
  return row ? new Float32Array(row.data.buffer.slice(row.data.byteOffset, row.data.byteOffset + row.data.byteLength)) : null;
}

export function putWaveformPeaks(db: Db, recordingId: string, peaksPerSecond: number, peaks: Float32Array): void {
  db.prepare('INSERT OR REPLACE INTO waveform_peaks (recording_id, peaks_per_second, data) VALUES (?, ?, ?)').run(recordingId, peaksPerSecond, Buffer.from(peaks.buffer, peaks.byteOffset, peaks.byteLength));
}
