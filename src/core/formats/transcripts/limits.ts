/**
 * Limits on transcript input. A cue longer than MAX_CUE_CHARS is almost certainly a broken file
 * (a missing blank line swallowing the rest, or a hostile input); no real utterance is 100 k
 * characters, and downstream tokenisers and the UI should never see one.
 */
export const MAX_CUE_CHARS = 100_000;

/** Whole transcript files above this size are refused before they are read into memory. */
export const MAX_TRANSCRIPT_BYTES = 256 * 1024 * 1024;
