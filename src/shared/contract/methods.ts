/**
 * The contract's method names without its schemas: the sandboxed preload cannot load zod, so it
 * builds the bridge from this list. A test keeps it equal to the keys of \`contract\`.
 */
export const METHODS = [
  'projectInfo',
  'listRecordings',
  'renameRecording',
  'removeRecording',
  'importRecording',
  'listSegments',
  'listLabels',
  'setLabel',
  'clearLabel',
  'listAnnotators',
  'importLabels',
  'goldRule',
  'setGoldRule',
  'agreement',
  'labelHistory',
  'splitSegment',
  'mergeSegments',
  'unmergeSegments',
  'updateSegmentBounds',
  'updateSegmentText',
  'setSpeaker',
  'waveformPeaks',
  'mediaUrl',
  'exportLabels',
  'startJob',
  'cancelJob',
  'listJobs',
  'predictions',
  'listModels',
  'activateModel',
  'compareModels',
  'tuneReport',
  'labelQueue',
  'undoStack',
  'saveUndoStack',
  'setProvider',
] as const;

export type MethodName = (typeof METHODS)[number];
