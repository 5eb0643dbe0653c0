import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const page = (name: string) => resolve(import.meta.dirname, 'web', name);

// Three pages, each its own entry, so a page loads only its own code: the player page (index.html),
// the embeddable widget (embed.html, served at /embed/{board}) and the operator console (admin.html, at /admin).
/** docs/openapi.json goes into the static assets, where the edge serves it from (edge/routes/openapi.ts). */
const openapiAsset = (): Plugin => ({
  name: 'openapi-asset',
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: 'openapi.json', source: readFileSync(resolve(import.meta.dirname, 'docs/openapi.json'), 'utf8') });
  },
});

export default defineConfig({
  root: 'web',
  plugins: [openapiAsset()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      input: { main: page('index.html'), embed: page('embed.html'), admin: page('admin.html') },
    },
  },
});
