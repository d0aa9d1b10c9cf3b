/**
 * The files Attune takes, one list each (issue 12, item 3): import and probing, `attune batch`'s
 * folder scan, `--media` lookups in eval, and the Library's file pickers.
 */

/** Media Attune imports (audio-only is fine). */
export const MEDIA_EXTENSIONS = ['.mp4', '.mov', '.mkv', '.webm', '.m4a', '.wav', '.mp3'] as const;

/** Transcript extensions (lower case), in the order one is preferred when several share a media file's basename. */
export const TRANSCRIPT_EXTENSIONS = ['.vtt', '.srt', '.json', '.eaf', '.textgrid', '.csv'] as const;

export const isMediaExtension = (ext: string): boolean => MEDIA_EXTENSIONS.some((e) => e === ext.toLowerCase());

/** An `<input type=file accept=…>` value for a list (Praat's `.TextGrid` spelled as Praat writes it too). */
export const acceptAttribute = (exts: readonly string[]): string => [...exts, ...(exts.includes('.textgrid') ? ['.TextGrid'] : [])].join(',');
