import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: more workers only thrash the ONNX/ffmpeg-heavy tests.
    maxWorkers: 2,
    // Hosts started by tests keep their recent-projects list here, not in the user's ~/.config/attune.
    env: { ATTUNE_CONFIG_DIR: path.join(os.tmpdir(), `attune-test-config-${process.pid}`) },
  },
});
