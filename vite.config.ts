import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const page = (name: string) => resolve(import.meta.dirname, 'web', name);

// Three pages, each its own entry, so a page loads only its own code: the player page (index.html),
// the embeddable widget (embed.html, served at /embed/{board}) and the operator console (admin.html, at /admin).
export default defineConfig({
  root: 'web',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      input: { main: page('index.html'), embed: page('embed.html'), admin: page('admin.html') },
      // The web app imports core/ through its index. Modules of core/ only declare things, so the
      // ones the page does not use (the zod schemas among them) are left out of the bundle.
      treeshake: { moduleSideEffects: (id: string) => !/[\\/]core[\\/][^\\/]+\.ts$/.test(id) },
    },
  },
});
