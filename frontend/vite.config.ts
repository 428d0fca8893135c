/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const backend = 'http://localhost:8080';

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  // Relative asset URLs: the SPA also works when a reverse proxy serves it under a sub-path.
  base: './',
  server: {
    proxy: {
      '/api': backend,
      '/webhook': backend,
    },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/testing/setup.ts'],
    css: false,
    // Whole-page tests on a 2-core CI machine: leave headroom over the 5 s default.
    testTimeout: 20_000,
  },
});
