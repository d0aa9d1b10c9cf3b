import { describe, expect, it } from 'vitest';
import { ElectronTransport, type AttuneBridge } from './electron-transport';
import { ApiError } from './transport';

function bridge(overrides: Partial<AttuneBridge> = {}): AttuneBridge {
  return {
    api: {
      listLabels: async () => [],
      importRecording: async () => {
        // What crosses contextBridge: a plain Error whose message Electron prefixes.
        throw new Error("Error invoking remote method 'attune:call': Error: talk.vtt:7: cue ends before it starts");
      },
    },
    onEvent: () => () => {},
    pathForFile: () => '/home/a/talk.mp4',
    chooseSavePath: async () => '/home/a/out.eaf',
    ...overrides,
  };
}

describe('ElectronTransport', () => {
  it('calls the bridged method and passes results through', async () => {
    await expect(new ElectronTransport(bridge()).call('listLabels', {})).resolves.toEqual([]);
  });

  it('turns a bridged failure into an ApiError with a readable message', async () => {
    const err = (await new ElectronTransport(bridge()).call('importRecording', {}).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toBe('talk.vtt:7: cue ends before it starts');
  });

  it('reports a method the preload does not expose', async () => {
    await expect(new ElectronTransport(bridge()).call('setProvider', {})).rejects.toThrow(/does not expose setProvider/);
  });

  it('writes exports where the save dialog says, and not at all when it is cancelled', async () => {
    const written: string[] = [];
    const t = new ElectronTransport(bridge());
    await expect(t.saveExport('eaf', 'x.eaf', async (p) => written.push(p))).resolves.toBe('/home/a/out.eaf');
    const cancelled = new ElectronTransport(bridge({ chooseSavePath: async () => null }));
    await expect(cancelled.saveExport('eaf', 'x.eaf', async (p) => written.push(p))).resolves.toBeNull();
    expect(written).toEqual(['/home/a/out.eaf']);
  });
});
