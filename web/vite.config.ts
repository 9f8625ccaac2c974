import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The C++ server serves web/dist at '/' and the API at '/api' on the same origin, so the app uses
// relative URLs. `npm run dev` proxies /api to a `ferry serve` on 127.0.0.1:8080 (or FERRY_API).
const api = process.env.FERRY_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/',
  plugins: [react()],
  server: {
    proxy: {
      '/api': {
        target: api,
        // ferry serve refuses foreign Host and Origin headers (DNS rebinding and CSRF protection):
        // present the dev server's requests as same-origin ones.
        changeOrigin: true,
        configure: (proxy) => {
          proxy.on('proxyReq', (request) => {
            if (request.getHeader('origin')) request.setHeader('origin', api);
          });
        },
      },
    },
  },
  build: { outDir: 'dist', emptyOutDir: true },
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
