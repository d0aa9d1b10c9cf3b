import { describe, expect, it } from 'vitest';
import { PathGrants } from './path-grants';

describe('paths over IPC come only from the app dialogs', () => {
  it('lets granted paths through and refuses any other, naming the field', () => {
    const g = new PathGrants();
    g.grant('/home/ana/meeting.mp4');
    g.grant('/home/ana/out/labels.csv');
    expect(() => g.check('importRecording', { mediaPath: '/home/ana/meeting.mp4', transcriptPath: null })).not.toThrow();
    expect(() => g.check('importRecording', { mediaPath: '/home/ana/meeting.mp4', transcriptPath: '/etc/shadow' })).toThrow(/transcriptPath '\/etc\/shadow' was not chosen/);
    expect(() => g.check('exportLabels', { format: 'csv', outPath: '/home/ana/.bashrc' })).toThrow(/outPath/);
    expect(() => g.check('exportLabels', { format: 'csv', outPath: '/home/ana/out/labels.csv' })).not.toThrow();
  });

  it('sees through jobs, relative paths and dot-dot tricks', () => {
    const g = new PathGrants();
    g.grant('/home/ana/meeting.mp4');
    expect(() => g.check('startJob', { kind: 'export', params: { format: 'csv', outPath: 'attune.db' } })).toThrow(/params\.outPath/);
    expect(() => g.check('startJob', { kind: 'import', params: { mediaPath: '/home/ana/x/../meeting.mp4' } })).not.toThrow();
    expect(() => g.check('startJob', { kind: 'import', params: { mediaPath: '/home/ana/../bob/meeting.mp4' } })).toThrow(/mediaPath/);
    expect(() => g.check('importRecording', { mediaPath: 'meeting.mp4' })).toThrow(/was not chosen/);
    // Methods without paths are untouched.
    expect(() => g.check('setLabel', { segmentId: 'seg-1', score: 1 })).not.toThrow();
    expect(() => g.check('startJob', { kind: 'analyze', params: {} })).not.toThrow();
  });
});
