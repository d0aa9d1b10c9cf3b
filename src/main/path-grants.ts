import path from 'node:path';
import { AttuneError } from '../shared/errors';
import { pathsInRequest } from '../shared/contract/paths';

/**
 * Paths the renderer may name: only those the analyst chose in a native dialog of this app (the
 * save dialog, or the file picker / a drop, whose File objects the preload turns into paths; page
 * script cannot forge a File with a path). Anything else over IPC is refused before the service
 * sees it, so a compromised renderer cannot import /etc/shadow or export over ~/.bashrc.
 */
export class PathGrants {
  private readonly granted = new Set<string>();

  grant(p: string): void {
    this.granted.add(path.resolve(p));
  }

  has(p: string): boolean {
    return path.isAbsolute(p) && this.granted.has(path.resolve(p));
  }

  /** Throws a USAGE error naming the first path in the request that no dialog gave. */
  check(method: unknown, params: unknown): void {
    for (const { field, value } of pathsInRequest(String(method), params)) {
      if (!this.has(value)) throw new AttuneError('USAGE', `refused: ${field} '${value}' was not chosen in one of Attune's file dialogs`);
    }
  }
}
