import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The server serves dist/ at "/"; in dev, Vite proxies the API to a running server.
export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ['source'] },
  server: { proxy: { '/api': 'http://localhost:8080' } },
  build: { outDir: 'dist', emptyOutDir: true },
});
