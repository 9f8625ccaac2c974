import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The C++ server serves web/dist at '/', and the API at '/api' on the same origin.
// `npm run dev` proxies /api to a `ferry serve` listening on the default port.
export default defineConfig({
  base: '/',
  plugins: [react()],
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
  build: { outDir: 'dist', emptyOutDir: true },
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
