import { readdirSync } from 'node:fs';

import type { Document } from '@netloom/topology';

import { example, EXAMPLES } from './support/documents';
import { test, expect } from './support/fixtures';
import { link, netnsNames } from './support/kernel';

/** Every interface the document makes, as `[netns name or null for the root namespace, ifname]`. */
function interfacesOf(doc: Document): [string | null, string][] {
  const netnsOf = (id: string | undefined): string | null => {
    const node = doc.nodes.find((n) => n.id === id);
    if (node?.type === 'namespace') return node.name;
    if (node !== undefined && node.type !== 'root') return netnsOf(node.namespace);
    return null;
  };
  return [
    ...doc.nodes.flatMap((n): [string | null, string][] =>
      n.type === 'namespace' || n.type === 'root' ? [] : [[netnsOf(n.namespace), n.name]],
    ),
    ...doc.links.flatMap((l): [string | null, string][] => [
      [netnsOf(l.a.node), l.a.name],
      [netnsOf(l.b.node), l.b.name],
    ]),
  ];
}

const FILES = readdirSync(EXAMPLES).filter((f) => /\.ya?ml$/.test(f));

test('every example is offered in the File menu, under Examples', async ({ app }) => {
  const examples = (await app.menu('File')).getByRole('group', { name: 'Examples' });
  for (const file of FILES)
    await expect(examples.getByRole('menuitem', { name: file.replace(/\.ya?ml$/, ''), exact: true })).toBeVisible();
});

for (const file of FILES) {
  test(`the example ${file} loads and applies, and the kernel has it`, async ({ app }) => {
    const doc = example(file);
    await app.loadExample(file.replace(/\.ya?ml$/, ''));
    for (const node of doc.nodes) await expect(app.node(node.id)).toBeVisible();
    for (const l of doc.links) await expect(app.edge(l.id)).toBeAttached();

    await app.planAndApply();
    const namespaces = doc.nodes.flatMap((n) => (n.type === 'namespace' ? [n.name] : []));
    expect(await netnsNames()).toEqual(expect.arrayContaining(namespaces));
    for (const [netns, ifname] of interfacesOf(doc))
      expect(await link(netns, ifname), `${ifname} in ${netns ?? 'the root namespace'}`).not.toBeNull();
    for (const l of doc.links) await expect(app.edgeLine(l.id)).toHaveAttribute('data-link-state', 'up');
    await app.snapshot(`example-${file.replace(/\.ya?ml$/, '')}`);

    if (file === '04-vxlan.yaml') {
      const probe = await app.startPing('ws1', '192.168.42.2');
      await expect(probe).toHaveAttribute('data-status', 'reply', { timeout: 20_000 });
      await app.snapshot('vxlan-overlay-ping');
      await app.closeProbes();
    }

    await app.tearDown();
    const left = await netnsNames();
    for (const name of namespaces) expect(left).not.toContain(name);
  });
}
