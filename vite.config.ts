import { defineConfig } from 'vite';

export default defineConfig({
  root: 'web',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      // The web app imports core/ through its index. Modules of core/ only declare things, so the
      // ones the page does not use (the zod schemas among them) are left out of the bundle.
      treeshake: { moduleSideEffects: (id: string) => !/[\\/]core[\\/][^\\/]+\.ts$/.test(id) },
    },
  },
});
