/**
 * The bridge: exposes the typed contract (one function per method) and nothing else. Payloads are
 * validated in main; results are validated again by the renderer client.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { AttuneEvent } from '../shared/contract';
import { METHODS } from '../shared/contract/methods';
import { PROJECT_METHODS } from '../shared/contract/project-methods';

const api = Object.fromEntries(
  [...METHODS, ...PROJECT_METHODS].map((method) => [
    method,
    async (req: unknown) => {
      const res = (await ipcRenderer.invoke('attune:call', method, req ?? {})) as { ok: boolean; result?: unknown; error?: { code: string; message: string } };
      if (!res.ok) throw Object.assign(new Error(res.error?.message ?? 'failed'), { code: res.error?.code, payload: res.error });
      return res.result;
    },
  ]),
);

contextBridge.exposeInMainWorld('attune', {
  api,
  onEvent(cb: (e: AttuneEvent) => void): () => void {
    const listener = (_e: unknown, event: AttuneEvent) => cb(event);
    ipcRenderer.on('attune:event', listener);
    return () => ipcRenderer.removeListener('attune:event', listener);
  },
  /** The path of a File the analyst picked or dropped, granted in main for import (see main's PathGrants). */
  async pathForFile(file: File): Promise<string> {
    const p = webUtils.getPathForFile(file);
    if (p) await ipcRenderer.invoke('attune:grantFile', p);
    return p;
  },
  chooseSavePath(defaultName: string): Promise<string | null> {
    return ipcRenderer.invoke('attune:chooseSavePath', defaultName);
  },
  /** Main's folder dialog; main opens the chosen project and reloads this window. */
  chooseProjectFolder(): Promise<string | null> {
    return ipcRenderer.invoke('attune:chooseProjectFolder');
  },
});
