import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

// Native and heavy Node modules stay external to the main bundle: they are loaded from
// node_modules at run time (better-sqlite3 and onnxruntime-node carry .node binaries).
const external = ['better-sqlite3', 'onnxruntime-node', '@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@huggingface/tokenizers', 'tsx', 'ws'];

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The Self-MI training worker beside index.js, where src/core/selfmi/train.ts looks for it.
      rollupOptions: { input: { index: resolve(__dirname, 'src/main/index.ts'), 'train-worker': resolve(__dirname, 'src/core/selfmi/train-worker.ts') }, external },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      emptyOutDir: true,
      rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') },
    },
  },
});
