/**
 * The About text: what Attune ships that is not its own, and under which licence. The renderer can show
 * ABOUT_TEXT as is; `attune doctor` names the binaries actually in use. Keep in step with the README's
 * "Licences of the bundled binaries".
 */

export interface BundledBinary {
  /** npm package that carries the binary (an optional dependency: only the one for this platform installs). */
  package: string;
  version: string;
  platform: string;
  tool: 'ffmpeg' | 'ffprobe';
  /** The FFmpeg build inside, as it prints its version. */
  build: string;
  /** What the build's configuration makes it, read from the binary (the packages' own licence fields disagree). */
  licence: string;
  note?: string;
}

export const BUNDLED_BINARIES: readonly BundledBinary[] = [
  { tool: 'ffmpeg', platform: 'linux-x64', package: '@ffmpeg-installer/linux-x64', version: '4.1.0', build: 'N-47683-g0e8eb07980-static (2018-12, johnvansickle.com)', licence: 'GPL-3.0-or-later' },
  { tool: 'ffmpeg', platform: 'darwin-x64', package: '@ffmpeg-installer/darwin-x64', version: '4.1.0', build: 'N-92718-g092cb17983-tessus (2018-12, evermeet.cx)', licence: 'GPL-3.0-or-later' },
  {
    tool: 'ffmpeg',
    platform: 'darwin-arm64',
    package: '@ffmpeg-installer/darwin-arm64',
    version: '4.1.5',
    build: '4.4 (osxexperts.net)',
    licence: 'GPL-3.0-or-later, configured with --enable-nonfree',
    note: 'FFmpeg calls a --enable-nonfree build "unredistributable" even though this one links no non-free library; a distributor should ship another build (or rely on the system ffmpeg)',
  },
  { tool: 'ffmpeg', platform: 'win32-x64', package: '@ffmpeg-installer/win32-x64', version: '4.1.0', build: 'N-92722-gf22fcd4483 (2018-12, zeranoe.com)', licence: 'GPL-3.0-or-later' },
  { tool: 'ffprobe', platform: 'linux-x64', package: '@ffprobe-installer/linux-x64', version: '5.2.0', build: 'N-66595-gc2b38619c0-static (2023-07, johnvansickle.com)', licence: 'GPL-3.0-or-later' },
  { tool: 'ffprobe', platform: 'darwin-x64', package: '@ffprobe-installer/darwin-x64', version: '5.1.0', build: 'N-109856-gf8d6d0fbf1-tessus (2023-02, evermeet.cx)', licence: 'GPL-3.0-or-later' },
  { tool: 'ffprobe', platform: 'darwin-arm64', package: '@ffprobe-installer/darwin-arm64', version: '5.0.1', build: 'n4.4.1 (Homebrew)', licence: 'LGPL-2.1-or-later' },
  { tool: 'ffprobe', platform: 'win32-x64', package: '@ffprobe-installer/win32-x64', version: '5.1.0', build: '2023-02-13-git-2296078397-essentials_build (gyan.dev)', licence: 'GPL-3.0-or-later' },
];

export const ABOUT_TEXT = `Attune — a workbench for reviewing recorded meetings with multimodal sentiment.

Media is read by FFmpeg (ffmpeg and ffprobe, https://ffmpeg.org). Attune does not link FFmpeg: it runs the
ffmpeg and ffprobe programs as separate processes. The install brings builds for Linux x64, macOS x64/arm64
and Windows x64 from the npm packages @ffmpeg-installer/<platform> and @ffprobe-installer/<platform>; these
builds are GPL-3.0-or-later (they include x264/x265), except macOS arm64's ffprobe (LGPL-2.1-or-later).
FFmpeg's source is at https://ffmpeg.org/download.html; each build's configuration is printed by
'ffmpeg -version'. FFMPEG_PATH / FFPROBE_PATH, or ATTUNE_BUNDLED_FFMPEG=0 with ffmpeg on PATH, make
Attune use other builds; 'attune doctor' says which ones are in use.

Models and the data they were trained on carry their own licences: see models/default/LICENSES.md.`;
