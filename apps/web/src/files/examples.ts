import { byCodeUnits } from '../sort';

/**
 * The documents in the repository's examples/ folder, each loaded on demand as text (Vite
 * `?raw`), so adding an example needs no code change and none weighs on the first load.
 */
const loaders = import.meta.glob<string>('../../../../examples/*.{yaml,yml,json}', {
  query: '?raw',
  import: 'default',
});

export type Example = { readonly name: string; readonly fileName: string; readonly load: () => Promise<string> };

export const EXAMPLES: readonly Example[] = Object.entries(loaders)
  .map(([path, load]) => {
    const fileName = path.split('/').pop() ?? path;
    return { name: fileName.replace(/\.(ya?ml|json)$/, ''), fileName, load };
  })
  .sort((a, b) => byCodeUnits(a.name, b.name));
