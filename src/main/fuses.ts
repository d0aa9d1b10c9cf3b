/**
 * Electron fuses, as data: flipped into the binary (they cannot be set at run time) by
 * scripts/electron-fuses.ts, which `npm start` runs on the development binary and a packager runs
 * on the packaged one. Indices are Electron's FuseV1Options (see @electron/fuses).
 */
export const FUSE = {
  RunAsNode: 0,
  EnableCookieEncryption: 1,
  EnableNodeOptionsEnvironmentVariable: 2,
  EnableNodeCliInspectArguments: 3,
  EnableEmbeddedAsarIntegrityValidation: 4,
  OnlyLoadAppFromAsar: 5,
} as const;

/**
 * Off: ELECTRON_RUN_AS_NODE and NODE_OPTIONS turn the signed app into a general Node for any local
 * process. On: cookies encrypted at rest. Packaged only: ASAR integrity and asar-only loading (a
 * development checkout has no asar), and no --inspect (Playwright's Electron tests need it in
 * development).
 */
export function fuseConfig(packaged: boolean): Record<number, boolean> {
  const fuses: Record<number, boolean> = {
    [FUSE.RunAsNode]: false,
    [FUSE.EnableCookieEncryption]: true,
    [FUSE.EnableNodeOptionsEnvironmentVariable]: false,
    [FUSE.EnableNodeCliInspectArguments]: !packaged,
  };
  if (packaged) {
    fuses[FUSE.EnableEmbeddedAsarIntegrityValidation] = true;
    fuses[FUSE.OnlyLoadAppFromAsar] = true;
  }
  return fuses;
}
